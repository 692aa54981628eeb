package io.github.distilbertj.model.bench;

import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.LoadOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tuning probe (not a JMH benchmark): DistilBERT-base (random weights, {@link BaseModelFolder}) forward
 * latency for the shapes given, with how busy the caller and the kernel workers were (CPU time / wall time):
 * {@code ForwardProbe threads 1x32,8x128 [calls]}. With {@code -Dsettle=MS} every timed call follows a
 * sleep, as a request after a quiet spell would; {@code -Dweights=f32|bf16|int8} picks the weight format.
 */
public final class ForwardProbe {
    private ForwardProbe() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        long settle = Long.getLong("settle", 0);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        WeightFormat weights = WeightFormat.parse("weights", System.getProperty("weights", "f32"));
        try (Encoder encoder = Encoder.load(BaseModelFolder.locate(), new LoadOptions(threads, weights))) {
            for (String shape : args[1].split(",")) {
                String[] bs = shape.split("x");
                int[][] ids = BaseModelFolder.ids(Integer.parseInt(bs[0]), Integer.parseInt(bs[1]));
                int[][] mask = new int[ids.length][ids[0].length];
                for (int[] row : mask) {
                    Arrays.fill(row, 1);
                }
                long warmEnd = System.nanoTime() + 4_000_000_000L;
                while (System.nanoTime() < warmEnd) {
                    encoder.forward(ids, mask);
                }
                Map<String, Long> cpuBefore = cpuNanos(mx);
                double[] ms = new double[calls];
                for (int i = 0; i < calls; i++) {
                    if (settle > 0) {
                        Thread.sleep(settle);
                    }
                    long t0 = System.nanoTime();
                    encoder.forward(ids, mask);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Map<String, Long> cpuAfter = cpuNanos(mx);
                double wallMs = Arrays.stream(ms).sum();
                StringBuilder busy = new StringBuilder();
                cpuAfter.forEach((name, ns) -> busy.append(String.format(" %s %.0f%%", name,
                        100 * (ns - cpuBefore.getOrDefault(name, 0L)) / 1e6 / wallMs)));
                Arrays.sort(ms);
                System.out.printf("%s %s, %d thread(s)%s: median %.2f ms, min %.2f, p90 %.2f; CPU/wall:%s%n", weights, shape,
                        threads, settle > 0 ? ", " + settle + " ms sleep before each" : "", ms[calls / 2], ms[0],
                        ms[calls * 9 / 10], busy);
            }
        }
    }

    private static Map<String, Long> cpuNanos(ThreadMXBean mx) {
        Map<String, Long> out = new TreeMap<>();
        Thread caller = Thread.currentThread();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && (t.getThreadName().startsWith("distilbertj-kernel") || t.getThreadId() == caller.threadId())) {
                out.put(t.getThreadId() == caller.threadId() ? "caller" : t.getThreadName(), mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return out;
    }
}
