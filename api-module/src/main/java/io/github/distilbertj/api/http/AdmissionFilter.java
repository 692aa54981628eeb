package io.github.distilbertj.api.http;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorWriter;
import io.github.distilbertj.api.scheduling.InferenceService;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Admits the work of a request from its body length, before the body is read, parsed or tokenised:
 * a refused request costs a header parse and a 100-byte answer. The permit travels to the
 * controller as the request attribute {@link #PERMIT}, which resizes it to the real figures, and is
 * released when the answer has been written.
 *
 * <p>Refusals are answered after {@code rejectDelay} without holding a thread (an async request
 * completed by a timer): a client that retries at once in a loop then costs the server a few
 * hundred answers a second instead of all the CPU the model needs for the work it admitted.
 */
public final class AdmissionFilter extends OncePerRequestFilter {

    /** Request attribute holding the request's {@link Admission.Permit}. */
    public static final String PERMIT = "io.github.distilbertj.api.http.AdmissionFilter.permit";

    /**
     * The body size assumed for a request that declares none (chunked): a typical one. Its real
     * work is admitted after tokenising, and BodySizeFilter bounds what tokenising can cost.
     */
    static final long UNDECLARED_BODY_BYTES = 16 * 1024;

    private final InferenceService service;
    private final long rejectDelayNanos;
    private final ScheduledExecutorService timer;

    /** @param timer answers the refusals; owned by the caller */
    public AdmissionFilter(InferenceService service, Duration rejectDelay, ScheduledExecutorService timer) {
        this.service = service;
        this.rejectDelayNanos = rejectDelay.toNanos();
        this.timer = timer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !isAdmitted(Routes.of(request.getRequestURI()));
    }

    private static boolean isAdmitted(String route) {
        return switch (route) {
            case Routes.EMBED, Routes.EMBED_ALL, Routes.OPENAI_EMBEDDINGS, Routes.PREDICT, Routes.FILL_MASK,
                 Routes.TOKENIZE -> true;
            default -> false;
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String route = Routes.of(request.getRequestURI());
        long length = request.getContentLengthLong();
        Admission.Permit permit;
        try {
            permit = service.admission().admit(route, estimate(route, length >= 0 ? length : UNDECLARED_BODY_BYTES));
        } catch (ApiException refused) {
            reject(request, response, refused);
            return;
        }
        try (permit) {
            request.setAttribute(PERMIT, permit);
            chain.doFilter(request, response);
        }
    }

    /**
     * The work of a request from its body alone: about 4 body bytes per token (a JSON string of
     * English text has 4-5; the permit is resized to the real count after tokenising), capped by
     * what one request may carry.
     */
    Admission.Work estimate(String route, long bodyBytes) {
        long maxTokens = (long) service.maxClientBatchSize() * service.maxInputLength();
        long maxAnswer = service.admission().limits().maxResponseBytes();
        if (route.equals(Routes.TOKENIZE)) {
            return new Admission.Work(false, 0, Math.min(maxAnswer, bodyBytes * Admission.JSON_BYTES_PER_TOKENIZED_CHAR));
        }
        long tokens = Math.min(maxTokens, bodyBytes / 4 + 2);
        long answer = route.equals(Routes.EMBED_ALL) ? service.vectorsBytes(tokens)
                : service.vectorsBytes(Math.min(service.maxClientBatchSize(), bodyBytes / 3 + 1));
        return new Admission.Work(true, tokens, Math.min(maxAnswer, answer));
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, ApiException refused)
            throws IOException {
        if (rejectDelayNanos == 0 || !request.isAsyncSupported()) {
            ErrorWriter.write(request, response, refused);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(TimeUnit.NANOSECONDS.toMillis(rejectDelayNanos) + 10_000);
        timer.schedule(() -> {
            try {
                ErrorWriter.write(request, response, refused);
            } catch (IOException e) {
                logger.debug("client gone before its 429: " + e.getMessage());
            } finally {
                async.complete();
            }
        }, rejectDelayNanos, TimeUnit.NANOSECONDS);
    }
}
