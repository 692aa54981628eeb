package io.github.distilbertj.api.http;

import io.github.distilbertj.model.CrossEncoderFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

/**
 * POST /rerank against PyTorch: the service serves a cross-encoder fixture of model-module (one label, random
 * weights) and answers {@link CrossEncoderFixtures#QUERY} with its texts (one request, pairs of 9 to 36 tokens,
 * batched together); every score must be PyTorch's logit of that pair (raw_scores true) or its sigmoid (the
 * default) within 1e-4, best first, each text once. Subclasses name the fixture.
 */
abstract class RerankParity {

    private static final double TOLERANCE = 1e-4;

    @LocalServerPort
    int port;

    abstract String fixture();

    @Test
    void scoresAreThePyTorchLogitsOfTheQueryTextPairs() throws Exception {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/health").status() == 200);
        float[] expected = CrossEncoderFixtures.logits(Path.of(System.getProperty("fixtures.dir"), fixture()));
        assertThat(expected).hasSize(CrossEncoderFixtures.TEXTS.size());
        String request = "{\"query\": " + Http.JSON.writeValueAsString(CrossEncoderFixtures.QUERY)
                + ", \"texts\": " + Http.JSON.writeValueAsString(CrossEncoderFixtures.TEXTS);

        Http.Response raw = http.post("/rerank", request + ", \"raw_scores\": true, \"return_text\": true}");
        assertThat(raw.status()).as(raw.body()).isEqualTo(200);
        TeiSchema.SPEC.assertConforms("POST", "/rerank", raw);
        double rawDiff = check(raw.json(), expected, true);

        Http.Response sigmoid = http.post("/rerank", request + "}");
        assertThat(sigmoid.status()).as(sigmoid.body()).isEqualTo(200);
        TeiSchema.SPEC.assertConforms("POST", "/rerank", sigmoid);
        double sigmoidDiff = check(sigmoid.json(), expected, false);
        // The same ranking either way (sigmoid is increasing).
        for (int k = 0; k < expected.length; k++) {
            assertThat(sigmoid.json().get(k).get("index").asInt()).isEqualTo(raw.json().get(k).get("index").asInt());
        }
        System.out.printf("%s /rerank vs PyTorch: raw_scores max abs diff %.3g, sigmoid scores %.3g%n",
                fixture(), rawDiff, sigmoidDiff);
    }

    /** Asserts the ranks against PyTorch and returns the largest score difference. */
    private static double check(JsonNode ranks, float[] logits, boolean raw) {
        assertThat(ranks.size()).isEqualTo(logits.length);
        Set<Integer> seen = new HashSet<>();
        double maxDiff = 0;
        for (int k = 0; k < ranks.size(); k++) {
            JsonNode rank = ranks.get(k);
            int index = rank.get("index").asInt();
            assertThat(seen.add(index)).as("index %d listed twice", index).isTrue();
            double logit = logits[index];
            double want = raw ? logit : 1 / (1 + Math.exp(-logit));
            double score = rank.get("score").doubleValue();
            assertThat(score).as("score of text %d", index).isCloseTo(want, offset(TOLERANCE));
            maxDiff = Math.max(maxDiff, Math.abs(score - want));
            if (raw) {
                assertThat(rank.get("text").asString()).isEqualTo(CrossEncoderFixtures.TEXTS.get(index));
            } else {
                assertThat(rank.has("text")).isFalse();
            }
            if (k > 0) {
                assertThat(score).isLessThanOrEqualTo(ranks.get(k - 1).get("score").doubleValue());
            }
        }
        // PyTorch's best pair is first (in both fixtures the two best logits are 0.06 or more apart).
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            best = logits[i] > logits[best] ? i : best;
        }
        assertThat(ranks.get(0).get("index").asInt()).isEqualTo(best);
        return maxDiff;
    }
}
