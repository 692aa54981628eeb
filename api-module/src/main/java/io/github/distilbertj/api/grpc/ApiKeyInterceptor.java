package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.metrics.ApiMetrics;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code distilbertj.api-key} on gRPC: every rpc but the health service needs the metadata
 * {@code authorization: Bearer <key>} (the header HTTP asks for); others get UNAUTHENTICATED, counted as HTTP
 * counts its 401s. The comparison takes the same time whatever the mismatch.
 */
final class ApiKeyInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] expected;
    private final ApiMetrics metrics;

    ApiKeyInterceptor(String apiKey, ApiMetrics metrics) {
        this.expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        this.metrics = metrics;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String given = headers.get(AUTHORIZATION);
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return next.startCall(call, headers);
        }
        String route = GrpcRoutes.of(call.getMethodDescriptor().getFullMethodName());
        metrics.requestReceived(route, ApiMetrics.GRPC);
        metrics.requestFailed(route, ErrorType.UNAUTHORIZED, ApiMetrics.GRPC);
        Metadata trailers = new Metadata();
        trailers.put(GrpcErrors.ERROR_TYPE, ErrorType.UNAUTHORIZED.wireName());
        call.close(Status.UNAUTHENTICATED.withDescription(given == null
                ? "missing authorization metadata: send `authorization: Bearer <api key>`"
                : "wrong API key in the authorization metadata"), trailers);
        return new ServerCall.Listener<>() {
        };
    }
}
