package io.github.distilbertj.api.http;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Base of the integration tests against the real built-in all-MiniLM-L6-v2 over HTTP. Every
 * subclass has the same configuration, so Spring's test context cache starts one server (and
 * loads the model once) for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "distilbertj.max-request-size=64KB",
        "distilbertj.max-client-batch-size=32"})
public abstract class BuiltinModelTest {

    @LocalServerPort
    protected int port;

    protected Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
        await().atMost(Duration.ofSeconds(120)).until(() -> http.get("/health").status() == 200);
    }
}
