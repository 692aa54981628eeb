package io.github.distilbertj.api.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding of distilbertj.* and the range checks that stop start-up with a message. */
class ServerSettingsTest {

    private static ServerSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("distilbertj", ServerSettings.class);
    }

    @Test
    void defaults() {
        ServerSettings s = bind(Map.of());
        assertThat(s.threads()).isZero();
        assertThat(s.maxBatchTokens()).isEqualTo(8192);
        assertThat(s.maxBatchRequests()).isEqualTo(128);
        assertThat(s.maxClientBatchSize()).isEqualTo(32);
        // Below Tomcat's 200 request threads, so that the limit can fire at all (512 never could).
        assertThat(s.maxConcurrentRequests()).isEqualTo(128);
        assertThat(s.maxConcurrentTokens()).isZero();
        assertThat(s.effectiveMaxConcurrentTokens(32 * 512)).isEqualTo(16384);
        assertThat(s.maxResponseSize().toMegabytes()).isEqualTo(16);
        assertThat(s.maxConcurrentResponseSize().toMegabytes()).isEqualTo(64);
        assertThat(s.rejectDelay().toMillis()).isEqualTo(100);
        assertThat(s.drainGrace().toSeconds()).isEqualTo(5);
        assertThat(s.maxRequestSize().toMegabytes()).isEqualTo(2);
        assertThat(s.apiKeyEnabled()).isFalse();
        assertThat(s.loadOptions().weights()).isEqualTo(io.github.distilbertj.kernels.WeightFormat.F32);
    }

    @Test
    void weightFormatIsParsedAndAnUnknownOneStopsStartUpNamingTheAcceptedValues() {
        assertThat(bind(Map.of("distilbertj.weights", "bf16")).loadOptions().weights())
                .isEqualTo(io.github.distilbertj.kernels.WeightFormat.BF16);
        assertThatThrownBy(() -> bind(Map.of("distilbertj.weights", "fp8"))).isInstanceOf(BindException.class)
                .rootCause().hasMessage("distilbertj.weights must be one of auto|f32|bf16|int8, got 'fp8'");
    }

    @Test
    void activationsAreParsedAndAnUnknownValueStopsStartUpNamingTheProperty() {
        assertThat(bind(Map.of()).loadOptions().activations()).isEqualTo(io.github.distilbertj.model.Activations.F32);
        assertThat(bind(Map.of("distilbertj.activations", "model")).loadOptions().activations())
                .isEqualTo(io.github.distilbertj.model.Activations.MODEL);
        assertThatThrownBy(() -> bind(Map.of("distilbertj.activations", "int4"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("distilbertj.activations must be one of")
                .hasMessageContaining("got 'int4'");
    }

    @Test
    void autoWeightsKeepACatalogueInt8ExportInInt8AndEverythingElseInF32() {
        assertThat(bind(Map.of("distilbertj.model", "all-MiniLM-L6-v2-q")).loadOptions().weights())
                .isEqualTo(io.github.distilbertj.kernels.WeightFormat.INT8);
        assertThat(bind(Map.of("distilbertj.model", "all-MiniLM-L6-v2")).loadOptions().weights())
                .isEqualTo(io.github.distilbertj.kernels.WeightFormat.F32);
        assertThat(bind(Map.of("distilbertj.model", "all-MiniLM-L6-v2-q", "distilbertj.weights", "f32")).loadOptions()
                .weights()).isEqualTo(io.github.distilbertj.kernels.WeightFormat.F32);
        assertThat(bind(Map.of("distilbertj.weights", "AUTO")).loadOptions().weights())
                .isEqualTo(io.github.distilbertj.kernels.WeightFormat.F32);
    }

    @Test
    void outOfRangeValuesAreRejectedWithThePropertyName() {
        assertThatThrownBy(() -> bind(Map.of("distilbertj.threads", "-1"))).isInstanceOf(BindException.class)
                .rootCause().hasMessage("distilbertj.threads must be between 0 and 1024, got -1");
        assertThatThrownBy(() -> bind(Map.of("distilbertj.max-batch-tokens", "0"))).rootCause()
                .hasMessage("distilbertj.max-batch-tokens must be >= 1, got 0");
        assertThatThrownBy(() -> bind(Map.of("distilbertj.max-concurrent-requests", "0"))).rootCause()
                .hasMessageContaining("max-concurrent-requests");
        assertThatThrownBy(() -> bind(Map.of("distilbertj.max-request-size", "0B"))).rootCause()
                .hasMessageContaining("max-request-size");
        assertThatThrownBy(() -> bind(Map.of("distilbertj.max-response-size", "65MB"))).rootCause()
                .hasMessageContaining("max-concurrent-response-size").hasMessageContaining("must be >= distilbertj.max-response-size");
        assertThatThrownBy(() -> bind(Map.of("distilbertj.max-concurrent-tokens", "100")).effectiveMaxConcurrentTokens(512))
                .hasMessageContaining("distilbertj.max-concurrent-tokens (100) must be >= max-client-batch-size x max-input-length (512)");
    }

    @Test
    void theKeyIsNeverPrinted() {
        assertThat(bind(Map.of("distilbertj.api-key", "s3cret")).toString()).doesNotContain("s3cret").contains("***");
    }
}
