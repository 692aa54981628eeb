package io.github.distilbertj.api.config;

import io.github.distilbertj.api.metrics.ApiMetrics;
import io.github.distilbertj.api.metrics.RequestMetricsFilter;
import io.github.distilbertj.api.scheduling.BatchScheduler;
import io.github.distilbertj.api.scheduling.EncoderBackend;
import io.github.distilbertj.api.scheduling.InferenceBackend;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.github.distilbertj.api.scheduling.ModelInfo;
import io.github.distilbertj.api.scheduling.ModelReadinessIndicator;
import io.github.distilbertj.api.scheduling.Warmup;
import io.github.distilbertj.api.security.ApiKeyFilter;
import io.github.distilbertj.api.security.BodySizeFilter;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;

/** Wires model, batching, service, filters and Jackson's strictness. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerSettings.class)
public class ServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServerConfiguration.class);

    @Bean(destroyMethod = "close")
    InferenceBackend inferenceBackend(ServerSettings settings, ObjectProvider<ModelPreloader.Preloaded> preloaded) {
        long start = System.nanoTime();
        try {
            InferenceBackend backend = load(settings, preloaded.getIfAvailable());
            ModelInfo m = backend.info();
            log.info("model {} ({}, hidden {}, max positions {}, pooling {}{}{}) on {} threads, ready {} ms after its bean was asked for",
                    m.modelId(), m.architecture(), m.hiddenSize(), m.maxPositions(), m.pooling(),
                    m.classifier() ? ", classifier " + m.labels() : "", m.maskedLm() ? ", masked-LM head" : "",
                    settings.effectiveThreads(), (System.nanoTime() - start) / 1_000_000);
            return backend;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model " + settings.model() + ": " + e.getMessage(), e);
        }
    }

    private static InferenceBackend load(ServerSettings settings, ModelPreloader.Preloaded preloaded) throws IOException {
        if (preloaded != null) {
            if (preloaded.matches(settings)) {
                try {
                    return preloaded.take();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            preloaded.backend().thenAccept(InferenceBackend::close);
        }
        return EncoderBackend.load(settings.model(), settings.modelId(), settings.effectiveThreads());
    }

    @Bean
    ApiMetrics apiMetrics(MeterRegistry registry) {
        return new ApiMetrics(registry);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    BatchScheduler batchScheduler(InferenceBackend backend, ApiMetrics metrics, ServerSettings settings,
                                  ObjectProvider<ModelPreloader.Preloaded> preloaded) {
        int maxInput = maxInputLength(settings, backend.info());
        if (settings.maxBatchTokens() < maxInput) {
            throw new IllegalArgumentException("distilbertj.max-batch-tokens (" + settings.maxBatchTokens()
                    + ") must be >= the max input length (" + maxInput + ")");
        }
        // A preloaded model has run its warm-up pass already: readiness need not wait for another.
        ModelPreloader.Preloaded p = preloaded.getIfAvailable();
        boolean warm = p != null && p.matches(settings) && p.backend().isDone() && !p.backend().isCompletedExceptionally();
        return new BatchScheduler(backend, metrics, settings.maxBatchTokens(), settings.maxBatchRequests(),
                new BatchScheduler.WarmUp(!warm, Warmup.IDLE_BUDGET_NANOS));
    }

    /** Idle warm-up passes start once the application serves, not while it still starts. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> idleWarmUp(BatchScheduler scheduler) {
        return event -> scheduler.startIdleWarmUp();
    }

    @Bean
    InferenceService inferenceService(InferenceBackend backend, BatchScheduler scheduler, ApiMetrics metrics,
                                      ServerSettings settings) {
        return new InferenceService(backend, scheduler, metrics, settings.maxClientBatchSize(),
                maxInputLength(settings, backend.info()), settings.autoTruncate(), settings.maxConcurrentRequests());
    }

    @Bean
    ModelReadinessIndicator modelHealthIndicator(BatchScheduler scheduler, InferenceBackend backend) {
        return new ModelReadinessIndicator(scheduler, backend.info());
    }

    @Bean
    ServerVersion serverVersion() {
        return ServerVersion.fromClassPath();
    }

    @Bean
    FilterRegistrationBean<RequestMetricsFilter> requestMetricsFilter(ApiMetrics metrics) {
        FilterRegistrationBean<RequestMetricsFilter> b = new FilterRegistrationBean<>(new RequestMetricsFilter(metrics));
        b.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return b;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ServerSettings settings) {
        FilterRegistrationBean<ApiKeyFilter> b = new FilterRegistrationBean<>(new ApiKeyFilter(
                settings.apiKeyEnabled() ? settings.apiKey() : ""));
        b.setEnabled(settings.apiKeyEnabled());
        b.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return b;
    }

    @Bean
    FilterRegistrationBean<BodySizeFilter> bodySizeFilter(ServerSettings settings) {
        FilterRegistrationBean<BodySizeFilter> b = new FilterRegistrationBean<>(
                new BodySizeFilter(settings.maxRequestSize().toBytes()));
        b.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return b;
    }

    /** Request bodies are read strictly: unknown fields, "true" for a boolean or 1.5 for an integer are errors. */
    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    static int maxInputLength(ServerSettings settings, ModelInfo model) {
        if (settings.maxInputLength() == 0) {
            return model.maxPositions();
        }
        if (settings.maxInputLength() > model.maxPositions()) {
            throw new IllegalArgumentException("distilbertj.max-input-length (" + settings.maxInputLength()
                    + ") must be <= the model's max positions (" + model.maxPositions() + ")");
        }
        return settings.maxInputLength();
    }
}
