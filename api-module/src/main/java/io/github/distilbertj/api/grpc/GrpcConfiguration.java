package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.config.ServerSettings;
import io.github.distilbertj.api.config.ServerVersion;
import io.github.distilbertj.api.metrics.ApiMetrics;
import io.github.distilbertj.api.scheduling.BatchScheduler;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.grpc.ServerInterceptor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires the gRPC server to the same service, admission, metrics and API key as HTTP. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GrpcSettings.class)
public class GrpcConfiguration {

    /** Spring's default {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    GrpcHealth grpcHealth(BatchScheduler scheduler) {
        return new GrpcHealth(scheduler::warmedUp, () -> scheduler.warmUpFailure() != null);
    }

    /** Closed (its executor with it) when the context is destroyed, after the lifecycle stopped the server. */
    @Bean(destroyMethod = "close")
    GrpcServer grpcServer(GrpcSettings grpc, ServerSettings settings, InferenceService service, ApiMetrics metrics,
                          ServerVersion version, GrpcHealth health, Environment environment) {
        // The threads of calls and stream messages: virtual, since a call blocks while its inputs are in the queue.
        ExecutorService grpcExecutor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("distilbertj-grpc-", 0).factory());
        GrpcCalls calls = new GrpcCalls(service, metrics, settings.rejectDelay(), grpcExecutor,
                grpc.maxParallelStreamRequests());
        List<ServerInterceptor> interceptors = settings.apiKeyEnabled()
                ? List.of(new ApiKeyInterceptor(settings.apiKey(), metrics)) : List.of();
        // Leave a second of the phase's time for cancelling what is still open.
        Duration phase = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
                DEFAULT_PHASE_TIMEOUT);
        Duration shutdown = phase.compareTo(Duration.ofSeconds(2)) > 0 ? phase.minusSeconds(1) : phase;
        return new GrpcServer(grpc, address(environment.getProperty("server.address")),
                (int) Math.min(Integer.MAX_VALUE, settings.maxRequestSize().toBytes()),
                List.of(new GrpcInfoService(calls, settings, version.value()), new GrpcEmbedService(calls),
                        new GrpcPredictService(calls), new GrpcRerankService(calls), new GrpcTokenizeService(calls)),
                interceptors, health, grpcExecutor, shutdown);
    }

    /** The HTTP server's address, which gRPC shares; null (every interface) when unset, as Tomcat. */
    static InetAddress address(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) {
            return null;
        }
        try {
            return InetAddress.getByName(serverAddress.trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server.address '" + serverAddress + "' (where gRPC listens too) is not an address: "
                    + e.getMessage(), e);
        }
    }
}
