package io.github.distilbertj.api.metrics;

import io.github.distilbertj.api.error.ErrorType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The service's Micrometer meters, named after TEI's {@code te_*} metrics under {@code distilbertj.*}
 * (Prometheus: {@code distilbertj_request_duration_seconds}, {@code distilbertj_request_count_total}, ...).
 * Timers and distributions publish percentile histograms so {@code histogram_quantile} works.
 * The api-module README lists every meter with its Prometheus name and tags.
 */
public final class ApiMetrics {

    public static final String REQUEST_DURATION = "distilbertj.request.duration";
    public static final String TOKENIZATION_DURATION = "distilbertj.tokenization.duration";
    public static final String QUEUE_DURATION = "distilbertj.queue.duration";
    public static final String INFERENCE_DURATION = "distilbertj.inference.duration";
    public static final String POOLING_DURATION = "distilbertj.pooling.duration";
    public static final String BATCH_SIZE = "distilbertj.batch.size";
    public static final String BATCH_TOKENS = "distilbertj.batch.tokens";
    public static final String INPUT_TOKENS = "distilbertj.input.tokens";
    public static final String QUEUE_SIZE = "distilbertj.queue.size";
    public static final String CONCURRENT_REQUESTS = "distilbertj.concurrent.requests";
    public static final String REQUEST_COUNT = "distilbertj.request.count";
    public static final String REQUEST_SUCCESS = "distilbertj.request.success";
    public static final String REQUEST_FAILURE = "distilbertj.request.failure";
    public static final String ADMITTED_TOKENS = "distilbertj.admission.tokens";
    public static final String ADMITTED_RESPONSE_BYTES = "distilbertj.admission.response.bytes";
    public static final String ADMISSION_REJECTED = "distilbertj.admission.rejected";

    /** Values of the {@code transport} tag of the request meters (duration, count, success, failure). */
    public static final String HTTP = "http";
    public static final String GRPC = "grpc";

    private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(60);
    private static final Duration MIN_EXPECTED_SHORT = Duration.ofNanos(10_000);

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();

    public ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers a gauge that samples {@code value} at each scrape. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public Timer requestDuration(String route) {
        return requestDuration(route, HTTP);
    }

    /**
     * A gRPC call counts in the same request meters as HTTP, under the HTTP route of the same task (Embed is
     * {@code /embed}), told apart by {@code transport}.
     */
    public Timer requestDuration(String route, String transport) {
        return timers.computeIfAbsent(REQUEST_DURATION + '|' + route + '|' + transport, k -> Timer.builder(REQUEST_DURATION)
                .tag("route", route).tag("transport", transport)
                .description("Time from receiving a request to its response").publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED).register(registry));
    }

    public Timer tokenization(String route) {
        return timer(TOKENIZATION_DURATION, "route", route, "Time to tokenize and validate a request's inputs",
                MIN_EXPECTED_SHORT);
    }

    public Timer queue(String route) {
        return timer(QUEUE_DURATION, "route", route, "Time an input waits in the batching queue", MIN_EXPECTED_SHORT);
    }

    public Timer inference(String operation) {
        return timer(INFERENCE_DURATION, "operation", operation, "Time of one batched forward pass", MIN_EXPECTED);
    }

    public Timer pooling(String operation) {
        return timer(POOLING_DURATION, "operation", operation,
                "Time to pool, normalise or post-process one batch's outputs", MIN_EXPECTED_SHORT);
    }

    public DistributionSummary batchSize(String operation) {
        return summary(BATCH_SIZE, operation, "Sequences per batched forward pass", null);
    }

    public DistributionSummary batchTokens(String operation) {
        return summary(BATCH_TOKENS, operation, "Tokens (sum of sequence lengths) per batched forward pass", "tokens");
    }

    public DistributionSummary inputTokens(String route) {
        return summaries.computeIfAbsent(INPUT_TOKENS + '|' + route, k -> DistributionSummary.builder(INPUT_TOKENS)
                .tag("route", route).description("Tokens per input after tokenization and truncation")
                .baseUnit("tokens").publishPercentileHistogram().register(registry));
    }

    public void requestReceived(String route) {
        requestReceived(route, HTTP);
    }

    public void requestSucceeded(String route) {
        requestSucceeded(route, HTTP);
    }

    public void requestFailed(String route, ErrorType type) {
        requestFailed(route, type, HTTP);
    }

    public void requestReceived(String route, String transport) {
        counter(REQUEST_COUNT, route, null, transport, "Requests received").increment();
    }

    public void requestSucceeded(String route, String transport) {
        counter(REQUEST_SUCCESS, route, null, transport, "Requests answered with 2xx (gRPC: OK)").increment();
    }

    public void requestFailed(String route, ErrorType type, String transport) {
        counter(REQUEST_FAILURE, route, type.wireName(), transport, "Requests answered with an error, by error type")
                .increment();
    }

    /** A request refused by admission control, by route and by the budget it would have overflowed. */
    public void admissionRejected(String route, String limit) {
        counters.computeIfAbsent(ADMISSION_REJECTED + '|' + route + '|' + limit, k -> Counter.builder(ADMISSION_REJECTED)
                .tag("route", route).tag("limit", limit)
                .description("Requests refused with 429 by admission control, by the budget that was full")
                .register(registry)).increment();
    }

    private Timer timer(String name, String tagKey, String tagValue, String description, Duration min) {
        return timers.computeIfAbsent(name + '|' + tagValue, k -> Timer.builder(name).tag(tagKey, tagValue)
                .description(description).publishPercentileHistogram()
                .minimumExpectedValue(min).maximumExpectedValue(MAX_EXPECTED).register(registry));
    }

    private DistributionSummary summary(String name, String operation, String description, String unit) {
        return summaries.computeIfAbsent(name + '|' + operation, k -> DistributionSummary.builder(name)
                .tag("operation", operation).description(description).baseUnit(unit)
                .publishPercentileHistogram().register(registry));
    }

    private Counter counter(String name, String route, String errorType, String transport, String description) {
        String key = name + '|' + route + '|' + errorType + '|' + transport;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name).tag("route", route).tag("transport", transport)
                    .description(description);
            if (errorType != null) {
                b.tag("error_type", errorType);
            }
            return b.register(registry);
        });
    }
}
