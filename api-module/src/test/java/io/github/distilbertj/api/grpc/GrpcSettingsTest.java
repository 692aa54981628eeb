package io.github.distilbertj.api.grpc;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** distilbertj.grpc.*: defaults, bad values named, a taken port named at start. */
class GrpcSettingsTest {

    private static GrpcSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("distilbertj.grpc", GrpcSettings.class);
    }

    @Test
    void disabledByDefault() {
        GrpcSettings s = bind(Map.of());
        assertThat(s.port()).isEqualTo(-1);
        assertThat(s.enabled()).isFalse();
        assertThat(s.maxParallelStreamRequests()).isEqualTo(16);
        assertThat(bind(Map.of("distilbertj.grpc.port", "0")).enabled()).isTrue();
    }

    @Test
    void badValuesNameTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("distilbertj.grpc.port", "70000"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("distilbertj.grpc.port must be -1 (no gRPC server), 0 (any free port) or 1..65535, got 70000");
        assertThatThrownBy(() -> bind(Map.of("distilbertj.grpc.port", "-2"))).rootCause().hasMessageContaining("distilbertj.grpc.port");
        assertThatThrownBy(() -> bind(Map.of("distilbertj.grpc.port", "grpc"))).isInstanceOf(BindException.class)
                .hasMessageContaining("distilbertj.grpc.port");
        assertThatThrownBy(() -> bind(Map.of("distilbertj.grpc.max-parallel-stream-requests", "0"))).rootCause()
                .hasMessageContaining("distilbertj.grpc.max-parallel-stream-requests must be between 1 and 1024, got 0");
        assertThatThrownBy(() -> GrpcConfiguration.address("no such host.invalid")).hasMessageContaining("server.address");
    }

    @Test
    void aTakenPortFailsTheStartNamingTheProperty() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket taken = new ServerSocket(0, 1, loopback)) {
            GrpcServer server = new GrpcServer(new GrpcSettings(taken.getLocalPort(), 16), loopback, 1 << 20, java.util.List.of(),
                    java.util.List.of(), new GrpcHealth(() -> true, () -> false), java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(),
                    java.time.Duration.ofSeconds(1));
            try {
                assertThatThrownBy(server::start).hasMessageContaining("distilbertj.grpc.port=" + taken.getLocalPort())
                        .hasMessageContaining("cannot listen on");
                assertThat(server.isRunning()).isFalse();
            } finally {
                server.close();
            }
        }
    }
}
