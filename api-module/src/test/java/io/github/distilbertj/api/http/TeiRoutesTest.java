package io.github.distilbertj.api.http;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Matryoshka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Base64;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The TEI routes added for issue 16 on the built-in all-MiniLM-L6-v2 (an embedding model), each answer checked
 * against TEI 1.9's schema for that route and status, and the values against the Encoder itself.
 */
class TeiRoutesTest extends BuiltinModelTest {

    static Encoder encoder;

    @BeforeAll
    static void load() {
        encoder = Encoder.builtin(1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void similarityIsTheCosineOfTheEmbeddings() {
        Http.Response r = http.post("/similarity", """
                {"inputs": {"source_sentence": "A man is eating food.",
                            "sentences": ["A man is eating a piece of bread.", "The girl is carrying a baby.", "A man is riding a horse."]}}""");
        assertThat(TeiSchema.SPEC.assertConforms("POST", "/similarity", r)).isEqualTo("SimilarityResponse");
        JsonNode json = r.json();
        assertThat(json.size()).isEqualTo(3);
        float[] source = encoder.embed("A man is eating food.");
        float[] bread = encoder.embed("A man is eating a piece of bread.");
        assertThat(json.get(0).doubleValue()).isCloseTo(dot(source, bread), offset(1e-4));
        assertThat(json.get(0).doubleValue()).isGreaterThan(json.get(1).doubleValue()).isGreaterThan(0.5);

        Http.Response empty = http.post("/similarity", "{\"inputs\": {\"source_sentence\": \"x\", \"sentences\": []}}");
        assertThat(empty.status()).isEqualTo(422);
        TeiSchema.SPEC.assertConforms("POST", "/similarity", empty);
        Http.Response prompt = http.post("/similarity", """
                {"inputs": {"source_sentence": "x", "sentences": ["y"]}, "parameters": {"truncate": true, "prompt_name": "query"}}""");
        assertThat(prompt.status()).isEqualTo(422);
    }

    @Test
    void embedDimensionsCutThenRenormalise() {
        Http.Response r = http.post("/embed", "{\"inputs\": [\"What is Deep Learning?\", \"Hi\"], \"dimensions\": 64}");
        assertThat(TeiSchema.SPEC.assertConforms("POST", "/embed", r)).isEqualTo("EmbedResponse");
        float[] v = Http.floats(r.json().get(0));
        assertThat(v).hasSize(64);
        assertThat(Http.maxAbsDiff(v, Matryoshka.truncate(encoder.embed("What is Deep Learning?"), 64))).isLessThan(1e-5);

        float[] raw = Http.floats(http.post("/embed", "{\"inputs\": \"Hi\", \"dimensions\": 8, \"normalize\": false}").json().get(0));
        float[] rawFull = Http.floats(http.post("/embed", "{\"inputs\": \"Hi\", \"normalize\": false}").json().get(0));
        assertThat(raw).containsExactly(java.util.Arrays.copyOf(rawFull, 8), offset(1e-6f));

        for (String bad : new String[] {"0", "385", "-1"}) {
            Http.Response e = http.post("/embed", "{\"inputs\": \"Hi\", \"dimensions\": " + bad + "}");
            assertThat(e.status()).as(bad).isEqualTo(422);
            TeiSchema.SPEC.assertConforms("POST", "/embed", e);
        }
        assertThat(http.post("/embed", "{\"inputs\": \"Hi\", \"dimensions\": 385}").json().get("error").asString())
                .contains("between 1 and 384");
    }

    @Test
    void openAiDimensionsCutThenRenormaliseInFloatAndBase64() {
        Http.Response r = http.post("/v1/embeddings", "{\"input\": \"What is Deep Learning?\", \"dimensions\": 128}");
        assertThat(TeiSchema.SPEC.assertConforms("POST", "/v1/embeddings", r)).isEqualTo("OpenAICompatResponse");
        float[] v = Http.floats(r.json().get("data").get(0).get("embedding"));
        float[] expected = Matryoshka.truncate(encoder.embed("What is Deep Learning?"), 128);
        assertThat(Http.maxAbsDiff(v, expected)).isLessThan(1e-5);
        String b64 = http.post("/v1/embeddings", "{\"input\": \"What is Deep Learning?\", \"dimensions\": 128, "
                + "\"encoding_format\": \"base64\"}").json().get("data").get(0).get("embedding").asString();
        float[] decoded = new float[128];
        ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
        assertThat(Http.maxAbsDiff(decoded, expected)).isLessThan(1e-5);
    }

    @Test
    void tasksTheModelLacksAnswer424AsTeiDoes() {
        Http.Response rerank = http.post("/rerank", "{\"query\": \"q\", \"texts\": [\"a\"]}");
        assertThat(rerank.status()).isEqualTo(424);
        TeiSchema.SPEC.assertConforms("POST", "/rerank", rerank);
        assertThat(rerank.json().get("error").asString()).startsWith("model is not a re-ranker model");
        Http.Response sparse = http.post("/embed_sparse", "{\"inputs\": \"q\"}");
        assertThat(sparse.status()).isEqualTo(424);
        TeiSchema.SPEC.assertConforms("POST", "/embed_sparse", sparse);
    }

    @Test
    void infoNamesTheServedModel() {
        Http.Response r = http.get("/info");
        assertThat(TeiSchema.SPEC.assertConforms("GET", "/info", r)).isEqualTo("Info");
        assertThat(r.json().get("served_model_name").asString()).isEqualTo(r.json().get("model_id").asString());
    }

    @Test
    void defaultRouteEmbedsAndHealthAliasesAnswer() {
        Http.Response root = http.post("/", "{\"inputs\": \"What is Deep Learning?\"}");
        assertThat(root.status()).as(root.body()).isEqualTo(200);
        assertThat(TeiSchema.SPEC.validate("EmbedResponse", root.body())).isEmpty();
        assertThat(Http.maxAbsDiff(Http.floats(root.json().get(0)), encoder.embed("What is Deep Learning?"))).isLessThan(1e-5);
        Http.Response invocations = http.post("/invocations", "{\"inputs\": [\"a\", \"b\"], \"dimensions\": 16}");
        assertThat(invocations.json().get(1).size()).isEqualTo(16);
        assertThat(http.post("/", "{\"texts\": [\"a\"]}").status()).isEqualTo(422);
        assertThat(http.get("/").status()).isEqualTo(200);
        assertThat(http.get("/ping").status()).isEqualTo(200);
        TeiSchema.SPEC.assertConforms("GET", "/health", http.get("/health"));
    }

    @Test
    void metricsAnswersWhatActuatorPrometheusAnswers() {
        http.post("/similarity", "{\"inputs\": {\"source_sentence\": \"a\", \"sentences\": [\"b\"]}}");
        Http.Response metrics = http.get("/metrics");
        assertThat(TeiSchema.SPEC.assertConforms("GET", "/metrics", metrics)).isNull();
        Http.Response actuator = http.get("/actuator/prometheus");
        assertThat(metrics.contentType()).isEqualTo(actuator.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("# TYPE").contains("route=\"/similarity\"");
        // Same series names (values move between the two scrapes).
        assertThat(names(metrics.body())).isEqualTo(names(actuator.body()));
    }

    private static java.util.Set<String> names(String exposition) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                out.add(line.split(" ")[2]);
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
