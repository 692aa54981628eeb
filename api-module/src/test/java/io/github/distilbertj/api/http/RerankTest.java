package io.github.distilbertj.api.http;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.RandomModels;
import io.github.distilbertj.tokenizer.Encoding;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

/** POST /rerank (and / routed to it) on a random-weight one-label DistilBERT cross-encoder. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RerankTest {

    static final Path MODEL = crossEncoder();

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("distilbertj.model", MODEL::toString);
    }

    static Path crossEncoder() {
        try {
            return RandomModels.distilBertClassifier(Files.createTempDirectory("distilbertj-cross"), 1, 11);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void ranksAreSigmoidOfTheCrossEncoderLogitBestFirst() throws IOException {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/health").status() == 200);
        List<String> texts = List.of("Deep Learning is a subfield of machine learning.", "cheese", "ok then",
                "neural networks with many layers");
        String body = "{\"query\": \"What is Deep Learning?\", \"texts\": " + Http.JSON.writeValueAsString(texts) + "}";
        Http.Response r = http.post("/rerank", body);
        assertThat(TeiSchema.SPEC.assertConforms("POST", "/rerank", r)).isEqualTo("RerankResponse");
        JsonNode ranks = r.json();
        assertThat(ranks.size()).isEqualTo(4);
        try (Encoder encoder = Encoder.load(MODEL, 1)) {
            for (int k = 0; k < ranks.size(); k++) {
                JsonNode rank = ranks.get(k);
                int i = rank.get("index").asInt();
                Encoding pair = encoder.tokenizer().encode("What is Deep Learning?", texts.get(i));
                float logit = encoder.classifierLogits(new int[][] {pair.ids()}, null, new int[][] {pair.attentionMask()})[0][0];
                assertThat(rank.get("score").doubleValue()).isCloseTo(1 / (1 + Math.exp(-logit)), offset(1e-5));
                assertThat(rank.has("text")).isFalse();
                if (k > 0) {
                    assertThat(rank.get("score").doubleValue()).isLessThanOrEqualTo(ranks.get(k - 1).get("score").doubleValue());
                }
            }
            Http.Response raw = http.post("/rerank", body.replace("}", ", \"raw_scores\": true, \"return_text\": true}"));
            TeiSchema.SPEC.assertConforms("POST", "/rerank", raw);
            JsonNode top = raw.json().get(0);
            assertThat(top.get("text").asString()).isEqualTo(texts.get(top.get("index").asInt()));
            assertThat(top.get("index").asInt()).isEqualTo(ranks.get(0).get("index").asInt());
            Encoding pair = encoder.tokenizer().encode("What is Deep Learning?", texts.get(top.get("index").asInt()));
            assertThat(top.get("score").doubleValue()).isCloseTo(
                    encoder.classifierLogits(new int[][] {pair.ids()}, null, new int[][] {pair.attentionMask()})[0][0], offset(1e-4));
        }

        Http.Response root = http.post("/", body);
        assertThat(root.body()).isEqualTo(r.body());
        assertThat(http.post("/invocations", body).body()).isEqualTo(r.body());

        for (String bad : new String[] {"{\"query\": \"q\", \"texts\": []}", "{\"texts\": [\"a\"]}",
                "{\"query\": \"q\", \"texts\": [\"\"]}"}) {
            Http.Response e = http.post("/rerank", bad);
            assertThat(e.status()).as(bad).isEqualTo(422);
            TeiSchema.SPEC.assertConforms("POST", "/rerank", e);
        }
        Http.Response info = http.get("/info");
        TeiSchema.SPEC.assertConforms("GET", "/info", info);
        assertThat(info.json().get("model_type").get("reranker").get("id2label").get("0").asString()).isEqualTo("LABEL_0");
        Http.Response similarity = http.post("/similarity", "{\"inputs\": {\"source_sentence\": \"a\", \"sentences\": [\"b\"]}}");
        assertThat(similarity.status()).isEqualTo(424);
        TeiSchema.SPEC.assertConforms("POST", "/similarity", similarity);
    }
}
