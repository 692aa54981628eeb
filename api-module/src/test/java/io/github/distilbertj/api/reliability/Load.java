package io.github.distilbertj.api.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator on kept-alive raw connections (one virtual thread per connection),
 * the way wrk drives a server: each connection sends its next request as soon as it has its
 * answer, and a 429 is retried at once (the worst client: it ignores Retry-After). No request is
 * sent after the deadline; the answers to those in flight then are still counted (the run lasts
 * until the last one, and rates are per second of that).
 */
final class Load {

    /** What a run saw. Latencies are of the 200 answers. */
    record Result(int connections, double seconds, int ok, int rejected, int rejectedWithoutRetryAfter,
                  int otherStatus, int serverErrors, int failures, long[] okLatencyNanos) {

        double okPerSecond() {
            return ok / seconds;
        }

        double rejectedShare() {
            int all = ok + rejected + otherStatus;
            return all == 0 ? 0 : (double) rejected / all;
        }

        double percentileMillis(double p) {
            if (okLatencyNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = okLatencyNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%d connections, %.1f s: %d x 200 (%.1f/s, p50 %.0f ms, p99 %.0f ms), %d x 429 (%.1f%%),"
                            + " %d other (%d x 5xx), %d failures", connections, seconds, ok, okPerSecond(), percentileMillis(0.5),
                    percentileMillis(0.99), rejected, 100 * rejectedShare(), otherStatus, serverErrors, failures);
        }
    }

    private Load() {
    }

    /** Runs {@code connections} loops for {@code millis}; {@code request.apply(i)} is the i-th request's bytes. */
    static Result run(int port, int connections, long millis, IntFunction<byte[]> request) throws InterruptedException {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger noRetryAfter = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong sequence = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                RawHttp conn = null;
                while (System.nanoTime() < deadline) {
                    try {
                        if (conn == null) {
                            conn = new RawHttp(port, 60_000);
                        }
                        long t0 = System.nanoTime();
                        RawHttp.Answer a = conn.exchange(request.apply((int) sequence.getAndIncrement()));
                        long t1 = System.nanoTime();
                        if (a.status() == 200) {
                            ok.incrementAndGet();
                            latencies.add(t1 - t0);
                        } else if (a.status() == 429) {
                            rejected.incrementAndGet();
                            if (a.header("retry-after") == null) {
                                noRetryAfter.incrementAndGet();
                            }
                        } else {
                            other.incrementAndGet();
                            if (a.status() >= 500) {
                                serverErrors.incrementAndGet();
                            }
                        }
                        if (a.closes()) {
                            conn.close();
                            conn = null;
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        closeQuietly(conn);
                        conn = null;
                    }
                }
                closeQuietly(conn);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(connections, seconds, ok.get(), rejected.get(), noRetryAfter.get(), other.get(), serverErrors.get(), failures.get(),
                latencies.stream().mapToLong(Long::longValue).toArray());
    }

    private static void closeQuietly(RawHttp conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
