package io.github.distilbertj.api.http;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.tokenizer.Encoding;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POST /embed_sparse (SPLADE) on the tiny PyTorch-generated DistilBertForMaskedLM fixture (the same context as
 * FillMaskTest): weights equal max over tokens of log(1 + relu(MLM logits)) computed from the Encoder directly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "distilbertj.model=${fixtures.dir}/distilbert-tiny")
class SparseEmbeddingTest {

    @LocalServerPort
    int port;

    @Test
    void spladeWeightsMatchTheMaskedLmHead() throws Exception {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/health").status() == 200);
        String[] texts = {"the cat sat on the mat", "paris is the capital of france and a large city"};
        Http.Response r = http.post("/embed_sparse", "{\"inputs\": [\"" + texts[0] + "\", \"" + texts[1] + "\"]}");
        assertThat(TeiSchema.SPEC.assertConforms("POST", "/embed_sparse", r)).isEqualTo("EmbedSparseResponse");
        JsonNode json = r.json();
        try (Encoder encoder = Encoder.load(Path.of(System.getProperty("fixtures.dir"), "distilbert-tiny"), 1)) {
            for (int s = 0; s < texts.length; s++) {
                Encoding e = encoder.tokenizer().encode(texts[s]);
                int[][] positions = new int[e.length()][];
                for (int t = 0; t < e.length(); t++) {
                    positions[t] = new int[] {0, t};
                }
                float[][] logits = encoder.maskedLmLogits(new int[][] {e.ids()}, new int[][] {e.attentionMask()}, positions);
                float[] expected = new float[logits[0].length];
                for (float[] row : logits) {
                    for (int v = 0; v < row.length; v++) {
                        expected[v] = Math.max(expected[v], (float) Math.log1p(Math.max(0, row[v])));
                    }
                }
                int nonZero = 0;
                for (float w : expected) {
                    nonZero += w > 0 ? 1 : 0;
                }
                JsonNode values = json.get(s);
                assertThat(values.size()).isEqualTo(nonZero).isGreaterThan(0);
                int previous = -1;
                for (JsonNode value : values) {
                    int index = value.get("index").asInt();
                    assertThat(index).isGreaterThan(previous);
                    previous = index;
                    assertThat(value.get("value").doubleValue()).isCloseTo(expected[index], org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
        Http.Response single = http.post("/embed_sparse", "{\"inputs\": \"" + texts[0] + "\"}");
        assertThat(single.json().get(0)).isEqualTo(json.get(0));
        Http.Response empty = http.post("/embed_sparse", "{\"inputs\": []}");
        assertThat(empty.status()).isEqualTo(422);
        TeiSchema.SPEC.assertConforms("POST", "/embed_sparse", empty);
    }
}
