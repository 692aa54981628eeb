package io.github.distilbertj.api.http;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.MaskPrediction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /fill-mask on a real (tiny, PyTorch-generated) DistilBertForMaskedLM checkpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "distilbertj.model=${fixtures.dir}/distilbert-tiny")
class FillMaskTest {

    @LocalServerPort
    int port;

    @Test
    void topKCandidatesMatchTheEncoder() throws Exception {
        Http http = new Http(port);
        String text = "paris is the [MASK] of france.";
        Http.Response r = http.post("/fill-mask", "{\"inputs\": \"" + text + "\", \"top_k\": 3}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.size()).isEqualTo(3);
        try (Encoder encoder = Encoder.load(Path.of(System.getProperty("fixtures.dir"), "distilbert-tiny"), 1)) {
            List<MaskPrediction> expected = encoder.fillMask(text, 3).get(0);
            for (int i = 0; i < 3; i++) {
                JsonNode p = json.get(i);
                assertThat(p.get("token").asInt()).isEqualTo(expected.get(i).id());
                assertThat(p.get("token_str").asString()).isEqualTo(expected.get(i).token());
                assertThat(p.get("score").floatValue()).isCloseTo(expected.get(i).score(),
                        org.assertj.core.data.Offset.offset(1e-5f));
                assertThat(p.get("sequence").asString()).startsWith("paris is the").endsWith("of france.");
            }
        }
        // Two masks: a list per mask; a list of texts: a list per text.
        JsonNode two = http.post("/fill-mask", "{\"inputs\": \"[MASK] is the [MASK].\"}").json();
        assertThat(two.size()).isEqualTo(2);
        assertThat(two.get(0).size()).isEqualTo(5);
        JsonNode batch = http.post("/fill-mask", "{\"inputs\": [\"a [MASK].\", \"b [MASK].\"], \"top_k\": 2}").json();
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.get(1).size()).isEqualTo(2);

        Http.Response noMask = http.post("/fill-mask", "{\"inputs\": \"no mask here\"}");
        assertThat(noMask.status()).isEqualTo(422);
        assertThat(noMask.json().get("error").asString()).contains("[MASK]");
        assertThat(http.post("/fill-mask", "{\"inputs\": \"a [MASK].\"}").status()).isEqualTo(200);
        assertThat(http.get("/info").json().get("model_type").get("embedding").get("pooling").asString())
                .isEqualTo("cls");
    }
}
