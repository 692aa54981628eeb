package io.github.distilbertj.api.http;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13, finding 3: the answer of /tokenize and /embed_all is bounded per request (413 naming the
 * limit and the property that raises it), checked before the work is done (for /tokenize before
 * anything is tokenised).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "distilbertj.max-response-size=1MB", "distilbertj.max-concurrent-response-size=4MB"})
class OutputLimitsTest {

    @LocalServerPort
    int port;

    @Test
    void answersOverTheLimitAre413NamingTheProperty() {
        Http http = new Http(port);
        // 20,000 characters may tokenise into 20,000 tokens of ~70 JSON bytes each: over 1 MB.
        Http.Response tokenize = http.post("/tokenize", "{\"inputs\": \"" + "a!".repeat(10_000) + "\"}");
        assertThat(tokenize.status()).as(tokenize.body()).isEqualTo(413);
        assertThat(tokenize.json().get("error").asString()).contains("distilbertj.max-response-size")
                .contains("1048576 bytes");
        assertThat(http.post("/tokenize", "{\"inputs\": \"a small text\"}").status()).isEqualTo(200);

        // /embed_all answers 384 floats (~12 JSON bytes each) per token: 2 x 64 tokens (590 KB) fit, 8 x 64 do not.
        StringBuilder ids = new StringBuilder("[101");
        for (int t = 1; t < 63; t++) {
            ids.append(',').append(1000 + t);
        }
        String sequence = ids.append(",102]").toString();
        Http.Response fits = http.post("/embed_all", "{\"inputs\": [" + sequence + "," + sequence + "]}");
        assertThat(fits.status()).as(fits.body()).isEqualTo(200);
        Http.Response over = http.post("/embed_all", "{\"inputs\": [" + (sequence + ",").repeat(7) + sequence + "]}");
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.json().get("error").asString()).contains("distilbertj.max-response-size");
    }
}
