package io.github.distilbertj.api.config;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.http.AdmissionFilter;
import io.github.distilbertj.api.http.JsonErrorReportValve;
import io.github.distilbertj.api.lifecycle.Drain;
import io.github.distilbertj.api.lifecycle.DrainFilter;
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
import io.github.distilbertj.api.security.PathFilter;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.core.StandardHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Wires model, batching, service, filters and Jackson's strictness. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerSettings.class)
public class ServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServerConfiguration.class);
    /** A refused client may retry after a second: a forward pass of a full batch takes a fraction of it. */
    private static final int RETRY_AFTER_SECONDS = 1;

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
            log.info("kernels: {}", m.kernels());
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
        return EncoderBackend.load(settings.model(), settings.modelId(), settings.loadOptions());
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
                new BatchScheduler.WarmUp(!warm, Warmup.IDLE_BUDGET_NANOS), settings.runOnCallerWhenIdle());
    }

    /** Idle warm-up passes start once the application serves, not while it still starts. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> idleWarmUp(BatchScheduler scheduler) {
        return event -> scheduler.startIdleWarmUp();
    }

    @Bean
    Admission admission(InferenceBackend backend, ApiMetrics metrics, ServerSettings settings) {
        long maxRequestTokens = (long) settings.maxClientBatchSize() * maxInputLength(settings, backend.info());
        Admission.Limits limits = new Admission.Limits(settings.maxConcurrentRequests(),
                settings.effectiveMaxConcurrentTokens(maxRequestTokens), settings.maxConcurrentResponseSize().toBytes(),
                settings.maxResponseSize().toBytes());
        log.info("admission: {} requests, {} tokens, {} answer bytes in flight; {} answer bytes per request",
                limits.maxConcurrentRequests(), limits.maxConcurrentTokens(), limits.maxConcurrentResponseBytes(),
                limits.maxResponseBytes());
        return new Admission(limits, RETRY_AFTER_SECONDS, metrics);
    }

    @Bean
    InferenceService inferenceService(InferenceBackend backend, BatchScheduler scheduler, ApiMetrics metrics,
                                      ServerSettings settings, Admission admission) {
        return new InferenceService(backend, scheduler, metrics, settings.maxClientBatchSize(),
                maxInputLength(settings, backend.info()), settings.autoTruncate(), admission);
    }

    /** Sends the delayed 429s of {@link AdmissionFilter}; closed (pending answers sent) after the server stopped. */
    @Bean(destroyMethod = "close")
    ScheduledExecutorService rejectTimer() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("distilbertj-reject").daemon(true).factory());
    }

    @Bean
    FilterRegistrationBean<AdmissionFilter> admissionFilter(InferenceService service, ServerSettings settings,
                                                            ScheduledExecutorService rejectTimer) {
        FilterRegistrationBean<AdmissionFilter> b = new FilterRegistrationBean<>(new AdmissionFilter(service,
                settings.rejectDelay(), rejectTimer));
        b.setOrder(Ordered.HIGHEST_PRECEDENCE + 40);
        return b;
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
    UnknownPropertiesCheck unknownPropertiesCheck(ApplicationContext context, ConfigurableEnvironment environment) {
        return new UnknownPropertiesCheck(context, environment);
    }

    @Bean
    Drain drain(ServerSettings settings, ApplicationEventPublisher events) {
        return new Drain(settings.drainGrace(), events);
    }

    /** Outermost: every answer of a draining server closes its connection, errors of the other filters included. */
    @Bean
    FilterRegistrationBean<DrainFilter> drainFilter(Drain drain) {
        FilterRegistrationBean<DrainFilter> b = new FilterRegistrationBean<>(new DrainFilter(drain));
        b.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return b;
    }

    /** Before the API key is checked: the path that filter sees must be the one that is routed. */
    @Bean
    FilterRegistrationBean<PathFilter> pathFilter() {
        FilterRegistrationBean<PathFilter> b = new FilterRegistrationBean<>(new PathFilter());
        b.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return b;
    }

    /** Tomcat's own error answers (bad request line, oversized headers) in JSON, not its HTML page. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonTomcatErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
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
