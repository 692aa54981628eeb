package io.github.distilbertj.api.http;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route's success path against the built-in model. */
class RoutesTest extends BuiltinModelTest {

    private static final String SENTENCE = "The quick brown fox jumps over the lazy dog.";

    @Test
    void embedOneTextGivesOneUnitVectorOf384() {
        Http.Response r = http.post("/embed", "{\"inputs\": \"" + SENTENCE + "\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode json = r.json();
        assertThat(json.size()).isEqualTo(1);
        float[] v = Http.floats(json.get(0));
        assertThat(v).hasSize(384);
        assertThat(Http.norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void embedMatchesLangChain4jAllMiniLmOnOnnxRuntime() {
        float[] ours = Http.floats(http.post("/embed", "{\"inputs\": [\"" + SENTENCE + "\"]}").json().get(0));
        float[] reference = new AllMiniLmL6V2EmbeddingModel().embed(SENTENCE).content().vector();
        double refNorm = Http.norm(reference);
        for (int i = 0; i < reference.length; i++) {
            reference[i] /= (float) refNorm;
        }
        assertThat(Http.maxAbsDiff(ours, reference)).isLessThan(1e-4);
    }

    @Test
    void embedBatchOfTextsAndTokenIdsKeepsOrder() {
        JsonNode single = http.post("/embed", "{\"inputs\": \"hello world\"}").json();
        JsonNode tokens = http.post("/tokenize", "{\"inputs\": \"hello world\"}").json().get(0);
        StringBuilder ids = new StringBuilder("[");
        for (JsonNode t : tokens) {
            ids.append(ids.length() > 1 ? "," : "").append(t.get("id").asInt());
        }
        ids.append(']');
        JsonNode batch = http.post("/embed", "{\"inputs\": [\"" + SENTENCE + "\", \"hello world\", " + ids + "]}").json();
        assertThat(batch.size()).isEqualTo(3);
        float[] one = Http.floats(single.get(0));
        assertThat(Http.maxAbsDiff(Http.floats(batch.get(1)), one)).isLessThan(1e-5);
        // Pre-tokenized ids (with [CLS]/[SEP] as /tokenize gave them) embed like the text.
        assertThat(Http.maxAbsDiff(Http.floats(batch.get(2)), one)).isLessThan(1e-5);
        assertThat(Http.maxAbsDiff(Http.floats(batch.get(0)), one)).isGreaterThan(1e-2);
    }

    @Test
    void normalizeFalseReturnsThePooledVector() {
        float[] raw = Http.floats(http.post("/embed", "{\"inputs\": \"hello\", \"normalize\": false}").json().get(0));
        float[] unit = Http.floats(http.post("/embed", "{\"inputs\": \"hello\", \"normalize\": true}").json().get(0));
        double n = Http.norm(raw);
        assertThat(Math.abs(n - 1)).isGreaterThan(1e-3);
        for (int i = 0; i < raw.length; i++) {
            assertThat((double) raw[i] / n).isCloseTo(unit[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void truncationCutsTheChosenSide() {
        String longText = "cats sleep ".repeat(300) + "quantum physics ".repeat(300);
        Http.Response rejected = http.post("/embed", "{\"inputs\": \"" + longText + "\"}");
        assertThat(rejected.status()).isEqualTo(413);
        assertThat(rejected.json().get("error_type").asString()).isEqualTo("Validation");
        float[] right = Http.floats(http.post("/embed", "{\"inputs\": \"" + longText + "\", \"truncate\": true}").json().get(0));
        float[] left = Http.floats(http.post("/embed", "{\"inputs\": \"" + longText
                + "\", \"truncate\": true, \"truncation_direction\": \"Left\"}").json().get(0));
        float[] explicitRight = Http.floats(http.post("/embed", "{\"inputs\": \"" + longText
                + "\", \"truncate\": true, \"truncation_direction\": \"Right\"}").json().get(0));
        assertThat(Http.maxAbsDiff(right, explicitRight)).isLessThan(1e-6);
        assertThat(Http.maxAbsDiff(right, left)).isGreaterThan(1e-3);
    }

    @Test
    void embedAllReturnsOneVectorPerToken() {
        int tokens = http.post("/tokenize", "{\"inputs\": \"" + SENTENCE + "\"}").json().get(0).size();
        Http.Response r = http.post("/embed_all", "{\"inputs\": [\"" + SENTENCE + "\", \"hi\"]}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.size()).isEqualTo(2);
        assertThat(json.get(0).size()).isEqualTo(tokens);
        assertThat(json.get(1).size()).isEqualTo(3);
        assertThat(json.get(0).get(0).size()).isEqualTo(384);
        // Mean of the token vectors, normalised, is the sentence embedding.
        float[] mean = new float[384];
        for (JsonNode token : json.get(0)) {
            float[] t = Http.floats(token);
            for (int j = 0; j < 384; j++) {
                mean[j] += t[j] / tokens;
            }
        }
        double n = Http.norm(mean);
        for (int j = 0; j < 384; j++) {
            mean[j] /= (float) n;
        }
        float[] pooled = Http.floats(http.post("/embed", "{\"inputs\": \"" + SENTENCE + "\"}").json().get(0));
        assertThat(Http.maxAbsDiff(mean, pooled)).isLessThan(1e-5);
    }

    @Test
    void tokenizeGivesTeiSimpleTokensWithByteOffsets() {
        JsonNode json = http.post("/tokenize", "{\"inputs\": [\"Hello, wörld!\", \"hi\"]}").json();
        assertThat(json.size()).isEqualTo(2);
        JsonNode t = json.get(0);
        assertThat(t.get(0).get("text").asString()).isEqualTo("[CLS]");
        assertThat(t.get(0).get("special").asBoolean()).isTrue();
        assertThat(t.get(0).get("start").isNull()).isTrue();
        assertThat(t.get(1).get("id").asInt()).isEqualTo(7592);
        assertThat(t.get(1).get("text").asString()).isEqualTo("Hello");
        assertThat(t.get(1).get("start").asInt()).isEqualTo(0);
        assertThat(t.get(1).get("stop").asInt()).isEqualTo(5);
        assertThat(t.get(3).get("text").asString()).isEqualTo("wörld");
        assertThat(t.get(3).get("start").asInt()).isEqualTo(7);
        assertThat(t.get(3).get("stop").asInt()).isEqualTo(13); // ö is two UTF-8 bytes
        assertThat(t.get(t.size() - 1).get("text").asString()).isEqualTo("[SEP]");

        JsonNode plain = http.post("/tokenize", "{\"inputs\": \"Hello, wörld!\", \"add_special_tokens\": false}").json().get(0);
        assertThat(plain.size()).isEqualTo(t.size() - 2);
        assertThat(plain.get(0).get("id").asInt()).isEqualTo(7592);
    }

    @Test
    void decodeJoinsWordPiecesAndSkipsSpecialsByDefault() {
        Http.Response r = http.post("/decode", "{\"ids\": [[101, 7592, 1010, 2088, 999, 102], [7592]]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get(0).asString()).isEqualTo("hello, world!");
        assertThat(r.json().get(1).asString()).isEqualTo("hello");
        JsonNode kept = http.post("/decode", "{\"ids\": [101, 7592, 102], \"skip_special_tokens\": false}").json();
        assertThat(kept.get(0).asString()).isEqualTo("[CLS] hello [SEP]");
    }

    @Test
    void infoHasTeiShape() {
        JsonNode info = http.get("/info").json();
        assertThat(info.get("model_id").asString()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        assertThat(info.get("model_dtype").asString()).isEqualTo("float32");
        assertThat(info.get("model_type").get("embedding").get("pooling").asString()).isEqualTo("mean");
        assertThat(info.get("max_input_length").asInt()).isEqualTo(512);
        assertThat(info.get("max_client_batch_size").asInt()).isEqualTo(32);
        assertThat(info.get("max_batch_tokens").asInt()).isPositive();
        assertThat(info.get("max_concurrent_requests").asInt()).isPositive();
        assertThat(info.has("tokenization_workers")).isTrue();
        assertThat(info.get("version").asString()).isNotBlank();
    }

    @Test
    void healthAnswers200WithoutBody() {
        Http.Response r = http.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void predictAndFillMaskNeedHeadsTheBuiltinModelLacks() {
        Http.Response predict = http.post("/predict", "{\"inputs\": \"I love it\"}");
        assertThat(predict.status()).isEqualTo(424);
        assertThat(predict.json().get("error_type").asString()).isEqualTo("Backend");
        assertThat(predict.json().get("error").asString()).contains("not a classifier");
        Http.Response fill = http.post("/fill-mask", "{\"inputs\": \"Paris is the [MASK] of France.\"}");
        assertThat(fill.status()).isEqualTo(424);
        assertThat(fill.json().get("error").asString()).contains("masked-LM");
        assertThat(http.post("/embed", "{\"inputs\": \"still fine\"}").status()).isEqualTo(200);
    }

    @Test
    void openAiEmbeddingsInFloatAndBase64() {
        Http.Response r = http.post("/v1/embeddings", "{\"input\": [\"" + SENTENCE + "\", \"hello world\"],"
                + " \"model\": \"text-embedding-3-small\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.get("object").asString()).isEqualTo("list");
        assertThat(json.get("model").asString()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        assertThat(json.get("data").size()).isEqualTo(2);
        assertThat(json.get("data").get(1).get("index").asInt()).isEqualTo(1);
        assertThat(json.get("data").get(1).get("object").asString()).isEqualTo("embedding");
        int tokens = http.post("/tokenize", "{\"inputs\": [\"" + SENTENCE + "\", \"hello world\"]}").json()
                .valueStream().mapToInt(JsonNode::size).sum();
        assertThat(json.get("usage").get("prompt_tokens").asInt()).isEqualTo(tokens);
        assertThat(json.get("usage").get("total_tokens").asInt()).isEqualTo(tokens);
        float[] floats = Http.floats(json.get("data").get(0).get("embedding"));
        float[] tei = Http.floats(http.post("/embed", "{\"inputs\": \"" + SENTENCE + "\"}").json().get(0));
        assertThat(Http.maxAbsDiff(floats, tei)).isLessThan(1e-6);

        JsonNode b64 = http.post("/v1/embeddings", "{\"input\": \"" + SENTENCE + "\", \"encoding_format\": \"base64\","
                + " \"dimensions\": 384}").json();
        byte[] bytes = Base64.getDecoder().decode(b64.get("data").get(0).get("embedding").asString());
        float[] decoded = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
        assertThat(decoded).hasSize(384);
        assertThat(Http.maxAbsDiff(decoded, floats)).isLessThan(1e-6);

        JsonNode ids = http.post("/v1/embeddings", "{\"input\": [[101, 7592, 2088, 102], [101, 7592, 102]]}").json();
        assertThat(ids.get("data").size()).isEqualTo(2);
        assertThat(ids.get("usage").get("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(http.post("/embeddings", "{\"input\": \"hello\"}").status()).isEqualTo(200);
    }
}
