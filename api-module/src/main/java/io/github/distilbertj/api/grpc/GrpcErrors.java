package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.error.ApiException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * TEI's mapping of its error types to gRPC codes (router/src/grpc/server.rs): Validation -> INVALID_ARGUMENT
 * (413s included: too many inputs, a too long input without {@code truncate}), Tokenizer and Backend (a model
 * without the head the rpc needs) -> FAILED_PRECONDITION, Overloaded -> RESOURCE_EXHAUSTED, Unhealthy ->
 * UNAVAILABLE; a missing or wrong API key -> UNAUTHENTICATED. The message is the HTTP error's {@code error};
 * TEI's {@code error_type} travels in the trailer {@code error-type}.
 */
final class GrpcErrors {

    static final Metadata.Key<String> ERROR_TYPE = Metadata.Key.of("error-type", Metadata.ASCII_STRING_MARSHALLER);
    /** gRPC's retry pushback: a client with a retry policy waits this long after RESOURCE_EXHAUSTED. */
    static final Metadata.Key<String> RETRY_PUSHBACK_MS = Metadata.Key.of("grpc-retry-pushback-ms",
            Metadata.ASCII_STRING_MARSHALLER);

    private GrpcErrors() {
    }

    static StatusRuntimeException of(ApiException e) {
        Status status = switch (e.type()) {
            case VALIDATION -> Status.INVALID_ARGUMENT;
            case TOKENIZER, BACKEND -> Status.FAILED_PRECONDITION;
            case OVERLOADED -> Status.RESOURCE_EXHAUSTED;
            case UNHEALTHY -> Status.UNAVAILABLE;
            case UNAUTHORIZED -> Status.UNAUTHENTICATED;
        };
        Metadata trailers = new Metadata();
        trailers.put(ERROR_TYPE, e.type().wireName());
        if (e.retryAfterSeconds() > 0) {
            trailers.put(RETRY_PUSHBACK_MS, Long.toString(e.retryAfterSeconds() * 1000L));
        }
        return status.withDescription(e.getMessage()).asRuntimeException(trailers);
    }
}
