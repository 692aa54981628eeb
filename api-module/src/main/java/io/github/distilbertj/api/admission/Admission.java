package io.github.distilbertj.api.admission;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.metrics.ApiMetrics;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission control that counts work, not only requests. Every request that reaches the model or
 * builds a large answer holds a {@link Permit} for its {@link Work}: one request slot (TEI's
 * {@code max-concurrent-requests}, on the model routes), its tokens and the estimated size of its
 * answer. A request whose work does not fit beside the work in flight is refused at once with 429
 * and {@code Retry-After}; nothing waits here, so admitted work keeps the model to itself.
 *
 * <p>Callers admit as early as they can estimate the work (the HTTP filter from the body length,
 * before any parsing), then {@link Permit#resize} it to the real figures once the inputs are
 * tokenised: a resize that grows may be refused (429), one that shrinks never is, and an answer over
 * {@link Limits#maxResponseBytes()} is refused with 413. One instance serves every transport
 * (HTTP filter, {@code InferenceService}, a gRPC service): they share the same budget because they
 * share the same model.
 */
public final class Admission {

    /**
     * The budgets.
     *
     * @param maxConcurrentRequests      model-route requests in flight (TEI's max-concurrent-requests)
     * @param maxConcurrentTokens        tokens of admitted requests in flight
     * @param maxConcurrentResponseBytes estimated answer bytes of admitted requests in flight
     * @param maxResponseBytes           estimated answer bytes of one request (413 beyond)
     */
    public record Limits(int maxConcurrentRequests, long maxConcurrentTokens, long maxConcurrentResponseBytes,
                         long maxResponseBytes) {
        public Limits {
            if (maxConcurrentRequests < 1 || maxConcurrentTokens < 1 || maxConcurrentResponseBytes < 1
                    || maxResponseBytes < 1) {
                throw new IllegalArgumentException("admission limits must be >= 1: " + this);
            }
        }
    }

    /**
     * What one request costs.
     *
     * @param modelRequest  true for a request that runs the model (takes a request slot)
     * @param tokens        tokens it sends through the model (0 for one that does not)
     * @param responseBytes estimated size of its answer
     */
    public record Work(boolean modelRequest, long tokens, long responseBytes) {
        public Work {
            if (tokens < 0 || responseBytes < 0) {
                throw new IllegalArgumentException("work cannot be negative: " + tokens + " tokens, " + responseBytes + " bytes");
            }
        }
    }

    /** Bytes of one float in a JSON answer, sign, digits, exponent and separator: the estimate's unit. */
    public static final int JSON_BYTES_PER_FLOAT = 12;
    /** Upper bound of one /tokenize token's JSON ({"id":..,"text":..,"special":..,"start":..,"stop":..}) per input character. */
    public static final int JSON_BYTES_PER_TOKENIZED_CHAR = 72;

    private final Limits limits;
    private final int retryAfterSeconds;
    private final ApiMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private int requests;
    private long tokens;
    private long responseBytes;

    public Admission(Limits limits, int retryAfterSeconds, ApiMetrics metrics) {
        this.limits = limits;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        this.metrics = metrics;
        metrics.gauge(ApiMetrics.CONCURRENT_REQUESTS, "Inference requests in flight", this::requestsInFlight);
        metrics.gauge(ApiMetrics.ADMITTED_TOKENS, "Tokens of admitted requests in flight", this::tokensInFlight);
        metrics.gauge(ApiMetrics.ADMITTED_RESPONSE_BYTES, "Estimated answer bytes of admitted requests in flight",
                this::responseBytesInFlight);
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Admits {@code work} on {@code route} or throws 429 ({@link ApiException#retryAfterSeconds()} set).
     * Close the permit when the answer is written (try-with-resources).
     */
    public Permit admit(String route, Work work) {
        lock.lock();
        try {
            String refused = refusal(work.modelRequest() ? 1 : 0, work.tokens(), work.responseBytes());
            if (refused != null) {
                metrics.admissionRejected(route, refused);
                throw overloaded(refused);
            }
            add(work.modelRequest() ? 1 : 0, work.tokens(), work.responseBytes());
        } finally {
            lock.unlock();
        }
        return new Permit(route, work);
    }

    public int requestsInFlight() {
        lock.lock();
        try {
            return requests;
        } finally {
            lock.unlock();
        }
    }

    public long tokensInFlight() {
        lock.lock();
        try {
            return tokens;
        } finally {
            lock.unlock();
        }
    }

    public long responseBytesInFlight() {
        lock.lock();
        try {
            return responseBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Which budget {@code extra} work would overflow, or null if it fits. Under the lock. */
    private String refusal(int extraRequests, long extraTokens, long extraBytes) {
        if (extraRequests > 0 && requests + extraRequests > limits.maxConcurrentRequests()) {
            return "requests";
        }
        if (extraTokens > 0 && tokens + extraTokens > limits.maxConcurrentTokens()) {
            return "tokens";
        }
        if (extraBytes > 0 && responseBytes + extraBytes > limits.maxConcurrentResponseBytes()) {
            return "response_bytes";
        }
        return null;
    }

    private void add(int r, long t, long b) {
        requests += r;
        tokens += t;
        responseBytes += b;
    }

    private ApiException overloaded(String limit) {
        String message = switch (limit) {
            case "requests" -> "model is overloaded: " + limits.maxConcurrentRequests()
                    + " requests are already in flight (distilbertj.max-concurrent-requests)";
            case "tokens" -> "model is overloaded: the tokens in flight would exceed "
                    + limits.maxConcurrentTokens() + " (distilbertj.max-concurrent-tokens)";
            default -> "server is overloaded: the answers in flight would exceed "
                    + limits.maxConcurrentResponseBytes() + " bytes (distilbertj.max-concurrent-response-size)";
        };
        return ApiException.overloaded(message + "; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    /** Admitted work; {@link #close} returns it to the budget (idempotent). */
    public final class Permit implements AutoCloseable {
        private final String route;
        private final boolean modelRequest;
        private long tokens;
        private long responseBytes;
        private boolean closed;

        private Permit(String route, Work work) {
            this.route = route;
            this.modelRequest = work.modelRequest();
            this.tokens = work.tokens();
            this.responseBytes = work.responseBytes();
        }

        /**
         * Replaces the estimate with the real figures: 413 if the answer would exceed
         * {@code distilbertj.max-response-size}, 429 if the growth does not fit (the permit then keeps
         * its former figures until closed).
         */
        public void resize(long newTokens, long newResponseBytes) {
            if (newResponseBytes > limits.maxResponseBytes()) {
                throw ApiException.tooLarge("the answer would have about " + newResponseBytes
                        + " bytes, more than the limit of " + limits.maxResponseBytes()
                        + " bytes (distilbertj.max-response-size); send fewer or shorter inputs");
            }
            lock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("permit already closed");
                }
                String refused = refusal(0, Math.max(0, newTokens - tokens), Math.max(0, newResponseBytes - responseBytes));
                if (refused != null) {
                    metrics.admissionRejected(route, refused);
                    throw overloaded(refused);
                }
                Admission.this.add(0, newTokens - tokens, newResponseBytes - responseBytes);
                tokens = newTokens;
                responseBytes = newResponseBytes;
            } finally {
                lock.unlock();
            }
        }

        public String route() {
            return route;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    Admission.this.add(modelRequest ? -1 : 0, -tokens, -responseBytes);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
