package io.github.distilbertj.api.reliability;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13, finding 3: one request must not take gigabytes. The real server jar (heap capped at
 * 1 GiB, as a container would) gets 64 connections sending the worst requests the defaults let
 * through the body limit, in a closed loop for 8 s: /tokenize of a 2 MB body (a 72 MB answer before
 * the fix), /embed_all of 32 x 512 token ids (a 72 MB answer) and /embed of 32 x 512-token texts.
 * Every answer is 200, 413 or 429 (no 5xx, no dropped connection), some are 200, and the peak
 * resident set (VmHWM) stays under {@link #BOUND_BYTES}.
 */
class MemoryIT {

    /** Heap (1 GiB) + model, code and thread stacks; measured peak in api-module/README.md. */
    static final long BOUND_BYTES = 1536L << 20;

    static byte[] tokenizeBody() {
        StringBuilder sb = new StringBuilder(2_000_100).append("{\"inputs\": \"");
        while (sb.length() < 2_000_000) {
            sb.append("a!");
        }
        return RawHttp.postJson("/tokenize", sb.append("\"}").toString());
    }

    static byte[] embedAllBody() {
        StringBuilder sb = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 32; i++) {
            sb.append(i == 0 ? "[101" : ",[101");
            for (int t = 1; t < 511; t++) {
                sb.append(',').append(1000 + (i * 31 + t) % 20000);
            }
            sb.append(",102]");
        }
        return RawHttp.postJson("/embed_all", sb.append("]}").toString());
    }

    static byte[] embedBody() {
        String text = "memory bound under load ".repeat(200);
        StringBuilder sb = new StringBuilder("{\"truncate\": true, \"inputs\": [");
        for (int i = 0; i < 32; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(i).append(' ').append(text).append('"');
        }
        return RawHttp.postJson("/embed", sb.append("]}").toString());
    }

    @Test
    void peakRssStaysBoundedUnder64ConcurrentWorstCaseRequests() throws Exception {
        List<byte[]> worst = List.of(tokenizeBody(), embedAllBody(), embedBody());
        try (ServerProcess server = ServerProcess.start("memory", List.of("-Xmx1g"), List.of())) {
            long idle = server.peakRssBytes();
            Load.Result r = Load.run(server.port(), 64, 8000, i -> worst.get(i % worst.size()));
            long peak = server.peakRssBytes();
            System.out.printf("memory: peak RSS %d MiB (%d MiB after start-up); %s%n", peak >> 20, idle >> 20, r);
            assertThat(r.failures()).as("dropped connections").isZero();
            assertThat(r.serverErrors()).as("5xx answers").isZero();
            assertThat(r.ok()).as("worst-case requests still served").isPositive();
            assertThat(peak).as("VmHWM, bytes").isLessThan(BOUND_BYTES);
            assertThat(server.log()).doesNotContain("OutOfMemoryError").doesNotContain(" ERROR ");
        }
    }
}
