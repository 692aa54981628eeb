package io.github.distilbertj.api.http;

import io.github.distilbertj.model.Classification;
import io.github.distilbertj.model.Encoder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /predict on a real (tiny, PyTorch-generated) DistilBertForSequenceClassification checkpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "distilbertj.model=${fixtures.dir}/distilbert-tiny-cls")
class PredictTest {

    @LocalServerPort
    int port;

    @Test
    void predictionsAreSortedProbabilitiesMatchingTheEncoder() throws Exception {
        Http http = new Http(port);
        Http.Response r = http.post("/predict", "{\"inputs\": \"i love this movie\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.size()).isEqualTo(3);
        try (Encoder encoder = Encoder.load(Path.of(System.getProperty("fixtures.dir"), "distilbert-tiny-cls"), 1)) {
            Classification expected = encoder.classify("i love this movie");
            assertThat(json.get(0).get("label").asString()).isEqualTo(expected.label());
            assertThat(json.get(0).get("score").floatValue()).isCloseTo(expected.score(),
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += json.get(i).get("score").doubleValue();
            if (i > 0) {
                assertThat(json.get(i).get("score").doubleValue()).isLessThanOrEqualTo(json.get(i - 1).get("score").doubleValue());
            }
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));

        JsonNode batch = http.post("/predict", "{\"inputs\": [[\"good\"], [\"a question\", \"a passage\"]],"
                + " \"raw_scores\": true}").json();
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.get(1).size()).isEqualTo(3);
        assertThat(http.post("/predict", "{\"inputs\": [\"a\", \"b\", \"c\"]}").status()).isEqualTo(422);
        assertThat(http.post("/predict", "{\"inputs\": [\"first\", \"second\"]}").json().size()).isEqualTo(3);

        JsonNode info = http.get("/info").json();
        assertThat(info.get("model_type").get("classifier").get("id2label").get("1").asString()).isEqualTo("POSITIVE");
        assertThat(info.get("model_type").get("classifier").get("label2id").get("NEUTRAL").asInt()).isEqualTo(2);
    }
}
