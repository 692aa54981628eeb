package io.github.distilbertj.api.security;

import io.github.distilbertj.api.http.Http;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** With distilbertj.api-key set, everything but health needs the bearer key (the built-in-model tests run without). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"distilbertj.model=${fixtures.dir}/distilbert-tiny-noprefix", "distilbertj.api-key=s3cret-key"})
class ApiKeyTest {

    @LocalServerPort
    int port;

    /** Issue #13, finding 5: a dot segment must not carry a request past the key check to another endpoint. */
    @Test
    void dotSegmentPathsAreRejectedBeforeTheKeyCheck() throws Exception {
        for (String path : new String[] {"/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus",
                "/actuator/health/..;/prometheus", "/actuator/health/%2E%2E/metrics", "/health/../info"}) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as(path).startsWith("HTTP/1.1 400").contains("application/json")
                        .contains("\"error_type\":\"Validation\"").doesNotContain("jvm_").doesNotContain("Exception");
            }
        }
    }

    @Test
    void routesNeedTheKeyAndHealthDoesNot() {
        Http anonymous = new Http(port);
        Http wrong = new Http(port, "s3cret-kez");
        Http right = new Http(port, "s3cret-key");

        for (Http client : new Http[] {anonymous, wrong}) {
            Http.Response r = client.post("/embed", "{\"inputs\": \"hello\"}");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("error_type").asString()).isEqualTo("Unauthorized");
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(client.get("/info").status()).isEqualTo(401);
            assertThat(client.get("/actuator/prometheus").status()).isEqualTo(401);
            assertThat(client.post("/v1/embeddings", "{\"input\": \"hello\"}").status()).isEqualTo(401);
            // A valid request right after still succeeds.
            assertThat(right.post("/embed", "{\"inputs\": \"hello\"}").status()).isEqualTo(200);
        }
        assertThat(anonymous.get("/health").status()).isIn(200, 503);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isIn(200, 503);

        assertThat(right.get("/info").json().get("model_id").asString()).isEqualTo("distilbert-tiny-noprefix");
        assertThat(right.post("/embed", "{\"inputs\": [\"a\", \"b\"]}").json().get(0).size()).isEqualTo(32);
        assertThat(right.get("/actuator/prometheus").body()).contains("distilbertj_request_failure_total");
        assertThat(right.get("/actuator/prometheus").body())
                .contains("distilbertj_request_failure_total{application=\"distilbertj\",error_type=\"Unauthorized\",route=\"/embed\",transport=\"http\"}");
    }
}
