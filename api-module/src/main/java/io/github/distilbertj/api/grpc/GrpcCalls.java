package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.metrics.ApiMetrics;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every rpc shares with the HTTP routes: the request meters (same names and route tags as HTTP, with
 * {@code transport="grpc"}), admission through the same {@link Admission} and the mapping of errors to gRPC
 * status codes. A stream counts each message as one request, as TEI does.
 */
final class GrpcCalls {

    private static final Logger log = LoggerFactory.getLogger(GrpcCalls.class);

    private final InferenceService service;
    private final ApiMetrics metrics;
    private final long rejectDelayNanos;
    private final ExecutorService executor;
    private final int streamWindow;

    /**
     * @param rejectDelay  RESOURCE_EXHAUSTED is answered this long after the decision, as HTTP delays its 429s: a
     *                     client retrying at once in a loop then costs little (it holds a virtual thread meanwhile)
     * @param executor     runs the messages of streams (virtual threads; owned by the caller)
     * @param streamWindow messages of one stream in work at once
     */
    GrpcCalls(InferenceService service, ApiMetrics metrics, Duration rejectDelay, ExecutorService executor,
              int streamWindow) {
        this.service = service;
        this.metrics = metrics;
        this.rejectDelayNanos = rejectDelay.toNanos();
        this.executor = executor;
        this.streamWindow = streamWindow;
    }

    InferenceService service() {
        return service;
    }

    ExecutorService executor() {
        return executor;
    }

    int streamWindow() {
        return streamWindow;
    }

    /** One request: counted and timed under {@code route}; an error becomes the matching status. */
    <T> T run(String route, Supplier<T> work) {
        Call call = begin(route);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            throw call.failed(e);
        }
        call.succeeded();
        return result;
    }

    /** A request whose work is not one {@link #run} (RerankStream): counted now, ended by one of Call's methods. */
    Call begin(String route) {
        return new Call(route);
    }

    /** A request in the meters: received at creation; {@link #succeeded} or {@link #failed} once. */
    final class Call {
        private final String route;
        private final Timer.Sample sample = Timer.start();
        private boolean ended;

        private Call(String route) {
            this.route = route;
            metrics.requestReceived(route, ApiMetrics.GRPC);
        }

        void succeeded() {
            if (end()) {
                metrics.requestSucceeded(route, ApiMetrics.GRPC);
            }
        }

        /**
         * The status to answer {@code e} with, counted under its TEI error type; RESOURCE_EXHAUSTED after the
         * reject delay.
         */
        StatusRuntimeException failed(Throwable e) {
            StatusRuntimeException status;
            ErrorType type;
            if (e instanceof ApiException api) {
                status = GrpcErrors.of(api);
                type = api.type();
                if (type == ErrorType.OVERLOADED) {
                    pause();
                }
            } else if (e instanceof StatusRuntimeException s) {
                status = s;
                type = s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT ? ErrorType.VALIDATION : ErrorType.BACKEND;
            } else {
                log.warn("gRPC {} failed", route, e);
                status = Status.INTERNAL.withDescription("internal error").asRuntimeException();
                type = ErrorType.BACKEND;
            }
            if (end()) {
                metrics.requestFailed(route, type, ApiMetrics.GRPC);
            }
            return status;
        }

        private synchronized boolean end() {
            if (ended) {
                return false;
            }
            ended = true;
            sample.stop(metrics.requestDuration(route, ApiMetrics.GRPC));
            return true;
        }
    }

    /** A unary rpc: {@link #run} on the call's thread (a virtual thread), then the answer or the error. */
    <Req, Res> void unary(String route, Req request, StreamObserver<Res> responses, Function<Req, Res> handler) {
        Res response;
        try {
            response = run(route, () -> handler.apply(request));
        } catch (StatusRuntimeException e) {
            responses.onError(e);
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }

    /** A bidirectional stream answered in order, each message a request of its own (see {@link OrderedStream}). */
    <Req, Res> StreamObserver<Req> stream(String route, StreamObserver<Res> responses, Function<Req, Res> handler) {
        return OrderedStream.start(responses, streamWindow, executor, request -> run(route, () -> handler.apply(request)));
    }

    /**
     * Admits a request on the model of one text of {@code chars} UTF-16 characters, estimated as HTTP does (about
     * 4 bytes a token; {@code InferenceService} resizes the permit to the real count after tokenising). The answer
     * is {@code answerVectors} vectors, or one per token when negative.
     */
    Admission.Permit admitModel(String route, String text, int answerVectors) {
        long tokens = Math.min(service.maxInputLength(), utf8Length(text) / 4 + 2);
        long vectors = answerVectors < 0 ? tokens : answerVectors;
        long answer = Math.min(service.admission().limits().maxResponseBytes(), service.vectorsBytes(vectors));
        return service.admission().admit(route, new Admission.Work(true, tokens, answer));
    }

    /** Admits a request that does not run the model but builds an answer of about {@code answerBytes}. */
    Admission.Permit admitAnswer(String route, long answerBytes) {
        return service.admission().admit(route, new Admission.Work(false, 0,
                Math.min(service.admission().limits().maxResponseBytes(), answerBytes)));
    }

    static long utf8Length(String s) {
        // Exact for the estimate's purpose without allocating for ASCII, the common case.
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }

    private void pause() {
        if (rejectDelayNanos > 0) {
            try {
                Thread.sleep(Duration.ofNanos(rejectDelayNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
