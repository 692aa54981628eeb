package io.github.distilbertj.api.metrics;

import io.github.distilbertj.api.http.BuiltinModelTest;
import io.github.distilbertj.api.http.Http;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Actuator probes and the Prometheus scrape. */
class ReadinessAndMetricsTest extends BuiltinModelTest {

    @Test
    void readinessIncludesTheWarmedUpModel() {
        JsonNode readiness = http.get("/actuator/health/readiness").json();
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        JsonNode model = readiness.get("components").get("model");
        assertThat(model.get("status").asString()).isEqualTo("UP");
        assertThat(model.get("details").get("warmedUp").asBoolean()).isTrue();
        assertThat(http.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void prometheusListsEveryServiceMetric() {
        assertThat(http.post("/embed", "{\"inputs\": [\"metrics please\", \"and more\"]}").status()).isEqualTo(200);
        assertThat(http.post("/embed", "{\"inputs\": []}").status()).isEqualTo(422);
        Http.Response r = http.get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        String body = r.body();
        for (String name : List.of(
                "distilbertj_request_duration_seconds_bucket{application=\"distilbertj\",route=\"/embed\"",
                "distilbertj_tokenization_duration_seconds_bucket{application=\"distilbertj\",route=\"/embed\"",
                "distilbertj_queue_duration_seconds_bucket{application=\"distilbertj\",route=\"/embed\"",
                "distilbertj_inference_duration_seconds_bucket{application=\"distilbertj\",operation=\"encode\"",
                "distilbertj_pooling_duration_seconds_bucket{application=\"distilbertj\",operation=\"encode\"",
                "distilbertj_batch_size_bucket{application=\"distilbertj\",operation=\"encode\"",
                "distilbertj_batch_tokens_bucket{application=\"distilbertj\",operation=\"encode\"",
                "distilbertj_input_tokens_bucket{application=\"distilbertj\",route=\"/embed\"",
                "distilbertj_queue_size{application=\"distilbertj\"}",
                "distilbertj_concurrent_requests{application=\"distilbertj\"}",
                "distilbertj_request_count_total{application=\"distilbertj\",route=\"/embed\",transport=\"http\"}",
                "distilbertj_request_success_total{application=\"distilbertj\",route=\"/embed\",transport=\"http\"}",
                "distilbertj_request_failure_total{application=\"distilbertj\",error_type=\"Validation\",route=\"/embed\",transport=\"http\"}")) {
            assertThat(body).as(name).contains(name);
        }
    }
}
