package io.github.distilbertj.model.bench;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.ForwardProfile;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two-thread scaling per operation (not a JMH benchmark): DistilBERT-base (random weights, {@link BaseModelFolder})
 * profiled at 1 and at 2 threads on the shapes given, e.g. {@code ScalingProbe 8x128,32x128 [seconds]}; prints
 * each op's ms per call at both thread counts and the speed-up 1 -> 2, so a part that does not scale shows.
 * The two encoders alternate in blocks (one JVM, one at a time) so a noisy spell hits both.
 */
public final class ScalingProbe {
    private ScalingProbe() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 4;
        try (Encoder one = Encoder.load(BaseModelFolder.locate(), 1); Encoder two = Encoder.load(BaseModelFolder.locate(), 2)) {
            System.out.println("1 thread: " + one.kernelTuning().describe());
            System.out.println("2 threads: " + two.kernelTuning().describe());
            for (String shape : args[0].split(",")) {
                String[] bs = shape.split("x");
                int[][] ids = BaseModelFolder.ids(Integer.parseInt(bs[0]), Integer.parseInt(bs[1]));
                int[][] mask = new int[ids.length][ids[0].length];
                for (int[] row : mask) {
                    Arrays.fill(row, 1);
                }
                Map<Integer, ForwardProfile> best = new LinkedHashMap<>();
                for (int round = 0; round < 3; round++) {
                    for (Encoder e : new Encoder[] {one, two}) {
                        ForwardProfile first = e.profileForward(ids, mask, 1);
                        int calls = (int) Math.max(2, seconds * 1000 / 3 / first.totalMillis());
                        ForwardProfile p = e.profileForward(ids, mask, calls);
                        best.merge(e.threads(), p, (a, b) -> a.totalMillis() <= b.totalMillis() ? a : b);
                        Thread.sleep(200);
                    }
                }
                ForwardProfile p1 = best.get(1);
                ForwardProfile p2 = best.get(2);
                System.out.printf("%s (best of 3 blocks): 1 thread %.1f ms, 2 threads %.1f ms, speed-up %.2fx; "
                        + "caller waited %.1f ms/call at 2 threads over %.0f hand-offs%n", shape, p1.totalMillis(),
                        p2.totalMillis(), p1.totalMillis() / p2.totalMillis(), p2.waitMillis(), p2.parallelJobs());
                System.out.printf("  %-17s %9s %9s %8s%n", "op", "1 thr ms", "2 thr ms", "speed-up");
                for (ForwardOp op : ForwardOp.values()) {
                    double a = p1.millisPerCall().get(op);
                    double b = p2.millisPerCall().get(op);
                    System.out.printf("  %-17s %9.2f %9.2f %7.2fx%n", op.name().toLowerCase(), a, b, b > 0 ? a / b : 0);
                }
                System.out.printf("  %-17s %9.2f %9.2f%n", "other", p1.otherMillis(), p2.otherMillis());
            }
        }
    }
}
