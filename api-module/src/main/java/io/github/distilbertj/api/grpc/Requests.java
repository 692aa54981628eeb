package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.grpc.tei.Metadata;
import io.github.distilbertj.api.scheduling.TruncationDirection;

/** Field conversions from tei.proto's messages, with TEI's gRPC defaults. */
final class Requests {

    private Requests() {
    }

    /**
     * proto3 cannot tell {@code truncate: false} from unset: false means "the server's default"
     * ({@code distilbertj.auto-truncate}), true means truncate.
     */
    static Boolean truncate(boolean truncate) {
        return truncate ? Boolean.TRUE : null;
    }

    static TruncationDirection direction(io.github.distilbertj.api.grpc.tei.TruncationDirection d) {
        return d == io.github.distilbertj.api.grpc.tei.TruncationDirection.TRUNCATION_DIRECTION_LEFT
                ? TruncationDirection.LEFT : TruncationDirection.RIGHT;
    }

    /**
     * TEI's response metadata, as far as the service measures it per request: characters and the request's total
     * time. The tokenization, queue and inference times are kept per route in the Micrometer timers, not per
     * request, so they stay 0 here, and so does compute_tokens.
     */
    static Metadata metadata(long chars, long startNanos) {
        return Metadata.newBuilder().setComputeChars((int) Math.min(Integer.MAX_VALUE, chars))
                .setTotalTimeNs(System.nanoTime() - startNanos).build();
    }
}
