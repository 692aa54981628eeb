package io.github.distilbertj.api.bench;

import io.github.distilbertj.api.metrics.ApiMetrics;
import io.github.distilbertj.api.scheduling.BatchScheduler;
import io.github.distilbertj.api.scheduling.EncoderBackend;
import io.github.distilbertj.api.scheduling.Tokens;
import io.github.distilbertj.model.LoadOptions;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.concurrent.locks.LockSupport;

import static io.github.distilbertj.model.bench.EmbedProbe.mean;
import static io.github.distilbertj.model.bench.EmbedProbe.median;

/**
 * Latency probe (not a test): the service's path without HTTP. One sentence (RawLatencyProbe's) embedded by the
 * built-in model, sequentially, in alternating blocks: on the calling thread straight through the backend
 * (forward + pooling, what {@code Encoder.embed} does after tokenising), and through a {@link BatchScheduler} as
 * the server builds it (hand-off to the inference thread and back). The difference is what the scheduler adds;
 * the rest of RawLatencyProbe's figure over this one is HTTP, MVC and JSON.
 * {@code SchedulerPathProbe THREADS BLOCK ROUNDS [PAUSE_MICROS]} (pause before each call, default 100 us: about
 * the gap a keep-alive client leaves between two requests).
 */
public final class SchedulerPathProbe {
    private SchedulerPathProbe() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int block = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        long pauseNanos = (args.length > 3 ? Long.parseLong(args[3]) : 100) * 1000;
        ApiMetrics metrics = new ApiMetrics(new SimpleMeterRegistry());
        Timer queue = metrics.queue("/embed");
        try (EncoderBackend backend = EncoderBackend.load(null, null, LoadOptions.defaults().withThreads(threads));
                BatchScheduler scheduler = new BatchScheduler(backend, metrics, 8192, 128)) {
            scheduler.start();
            while (!scheduler.warmedUp()) {
                if (scheduler.warmUpFailure() != null) {
                    throw new IllegalStateException("model warm-up failed", scheduler.warmUpFailure());
                }
                Thread.sleep(10);
            }
            Tokens t = backend.tokenize(RawLatencyProbe.SENTENCE, null, true);
            int[][] ids = {t.ids()};
            int[][] types = {t.typeIds()};
            long[] direct = new long[block * rounds];
            long[] scheduled = new long[block * rounds];
            for (int r = -rounds / 4; r < rounds; r++) { // the first quarter warms up
                for (int mode = 0; mode < 2; mode++) {
                    Thread.sleep(50);
                    for (int k = 0; k < block; k++) {
                        LockSupport.parkNanos(pauseNanos);
                        long t0 = System.nanoTime();
                        if (mode == 0) {
                            backend.pool(backend.forward(ids, types)[0], true);
                        } else {
                            scheduler.embed(t, true, queue).get();
                        }
                        long d = System.nanoTime() - t0;
                        if (r >= 0) {
                            (mode == 0 ? direct : scheduled)[r * block + k] = d;
                        }
                    }
                }
            }
            System.out.printf("%d tokens, %d thread(s), %d us pause, %d calls each: calling thread median %.3f ms (mean %.3f),"
                    + " through the scheduler median %.3f ms (mean %.3f)%n", ids[0].length, threads, pauseNanos / 1000,
                    direct.length, median(direct), mean(direct), median(scheduled), mean(scheduled));
        }
    }
}
