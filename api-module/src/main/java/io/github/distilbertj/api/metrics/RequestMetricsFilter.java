package io.github.distilbertj.api.metrics;

import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.error.ErrorWriter;
import io.github.distilbertj.api.http.Routes;

import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Counts and times every API request (actuator paths excluded) by route, outermost so that
 * requests rejected by the API-key or body-size filters are counted too. The error type of a
 * failure comes from whoever wrote the error body, else from the status.
 */
public final class RequestMetricsFilter extends OncePerRequestFilter {

    private final ApiMetrics metrics;

    public RequestMetricsFilter(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String route = Routes.of(request.getRequestURI());
        metrics.requestReceived(route);
        Timer.Sample sample = Timer.start();
        boolean ok = false;
        try {
            chain.doFilter(request, response);
            ok = true;
        } finally {
            if (ok && request.isAsyncStarted()) {
                // A delayed 429 (AdmissionFilter): its status is known when the async request completes.
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(route, sample, request, response.getStatus());
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                record(route, sample, request, ok ? response.getStatus() : 500);
            }
        }
    }

    private void record(String route, Timer.Sample sample, HttpServletRequest request, int status) {
        sample.stop(metrics.requestDuration(route));
        if (status < 400) {
            metrics.requestSucceeded(route);
        } else {
            Object type = request.getAttribute(ErrorWriter.ERROR_TYPE_ATTRIBUTE);
            metrics.requestFailed(route, type instanceof ErrorType t ? t : typeOf(status));
        }
    }

    public static ErrorType typeOf(int status) {
        return switch (status) {
            case 401 -> ErrorType.UNAUTHORIZED;
            case 424 -> ErrorType.BACKEND;
            case 429 -> ErrorType.OVERLOADED;
            case 503 -> ErrorType.UNHEALTHY;
            default -> status >= 500 ? ErrorType.BACKEND : ErrorType.VALIDATION;
        };
    }
}
