package io.github.distilbertj.api.grpc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code distilbertj.grpc.*}.
 *
 * @param port                       port of the gRPC server, on the HTTP server's address ({@code server.address});
 *                                   -1 (the default) = no gRPC server, 0 = any free port (logged)
 * @param maxParallelStreamRequests  messages of one stream in work at once (TEI's
 *                                   {@code GRPC_MAX_PARALLEL_STREAM_REQUESTS}); the stream reads no further message
 *                                   until the oldest is answered and the client takes the answer, so a stream never
 *                                   holds more than this many requests or answers
 * @throws IllegalArgumentException a value out of its range (start-up stops naming the property)
 */
@ConfigurationProperties("distilbertj.grpc")
public record GrpcSettings(@DefaultValue("-1") int port, @DefaultValue("16") int maxParallelStreamRequests) {

    public GrpcSettings {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("distilbertj.grpc.port must be -1 (no gRPC server), 0 (any free port)"
                    + " or 1..65535, got " + port);
        }
        if (maxParallelStreamRequests < 1 || maxParallelStreamRequests > 1024) {
            throw new IllegalArgumentException("distilbertj.grpc.max-parallel-stream-requests must be between 1 and 1024, got "
                    + maxParallelStreamRequests);
        }
    }

    public boolean enabled() {
        return port >= 0;
    }
}
