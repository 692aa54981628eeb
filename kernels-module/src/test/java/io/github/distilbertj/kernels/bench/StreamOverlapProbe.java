package io.github.distilbertj.kernels.bench;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Tuning probe: does this machine overlap a DRAM stream with arithmetic, and what breaks it? Each thread
 * reads its half of a 128 MiB array once, front to back, one vector (a 64-byte line at 512 bits) per step,
 * and does 24 FMAs per step into 24 accumulators, in three shapes of the same work:
 * <ul>
 *   <li>{@code register}: the FMAs' other operand stays in a register (1 load per 24 FMAs);</li>
 *   <li>{@code bcast24}: each FMA takes a scalar broadcast from an L1-resident array, as a GEMM kernel with
 *       24 rows and one weight vector per step would (25 loads per 24 FMAs);</li>
 *   <li>{@code bcast12x2}: 12 broadcasts, each used with two consecutive lines (14 loads per 24 FMAs, 12 FMAs
 *       per line), as a 12-row x 2-vector kernel would.</li>
 * </ul>
 * The same steps over a 256 KiB (L2-resident) array give the compute-only time; median of 11 each:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * io.github.distilbertj.kernels.bench.StreamOverlapProbe}.
 */
public final class StreamOverlapProbe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float[] Q = new float[8192 + 32];

    private StreamOverlapProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = 32 << 20;
        float[] big = new float[n];
        for (int i = 0; i < n; i++) {
            big[i] = (i & 7) * 1e-3f;
        }
        float[] small = new float[1 << 16];
        for (int threads = 1; threads <= 2; threads++) {
            for (String mode : new String[] {"register", "bcast24", "bcast12x2"}) {
                double[] cold = new double[11];
                double[] hot = new double[11];
                for (int r = -3; r < cold.length; r++) {
                    int th = threads;
                    long t0 = System.nanoTime();
                    parallel(th, id -> run(mode, big, id * (n / th), (id + 1) * (n / th)));
                    long t1 = System.nanoTime();
                    parallel(th, id -> {
                        float s = 0;
                        for (int rep = 0; rep < (n / th) / small.length; rep++) {
                            s += run(mode, small, 0, small.length);
                        }
                        return s;
                    });
                    long t2 = System.nanoTime();
                    if (r >= 0) {
                        cold[r] = (t1 - t0) / 1e6;
                        hot[r] = (t2 - t1) / 1e6;
                    }
                }
                Arrays.sort(cold);
                Arrays.sort(hot);
                double c = cold[cold.length / 2];
                double h = hot[hot.length / 2];
                System.out.printf("%d thread(s), %-9s: from DRAM %6.2f ms (%4.1f GB/s), from L2 %6.2f ms, DRAM - L2 %5.2f ms%n",
                        threads, mode, c, n * 4.0 / c / 1e6, h, c - h);
            }
        }
    }

    private interface Task {
        float run(int id);
    }

    private static void parallel(int threads, Task task) throws InterruptedException {
        Thread[] ts = new Thread[threads];
        float[] sink = new float[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = Thread.ofPlatform().start(() -> sink[id] = task.run(id));
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    private static float run(String mode, float[] a, int from, int to) {
        return switch (mode) {
            case "register" -> register(a, from, to);
            case "bcast24" -> bcast24(a, from, to);
            default -> bcast12x2(a, from, to);
        };
    }

    private static float register(float[] a, int from, int to) {
        FloatVector b = FloatVector.broadcast(S, 1.0001f);
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        FloatVector c16 = c0, c17 = c0, c18 = c0, c19 = c0, c20 = c0, c21 = c0, c22 = c0, c23 = c0;
        for (int i = from; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            c0 = v.fma(b, c0); c1 = v.fma(b, c1); c2 = v.fma(b, c2); c3 = v.fma(b, c3);
            c4 = v.fma(b, c4); c5 = v.fma(b, c5); c6 = v.fma(b, c6); c7 = v.fma(b, c7);
            c8 = v.fma(b, c8); c9 = v.fma(b, c9); c10 = v.fma(b, c10); c11 = v.fma(b, c11);
            c12 = v.fma(b, c12); c13 = v.fma(b, c13); c14 = v.fma(b, c14); c15 = v.fma(b, c15);
            c16 = v.fma(b, c16); c17 = v.fma(b, c17); c18 = v.fma(b, c18); c19 = v.fma(b, c19);
            c20 = v.fma(b, c20); c21 = v.fma(b, c21); c22 = v.fma(b, c22); c23 = v.fma(b, c23);
        }
        // Chained adds, not a varargs helper: vectors that escape into an array are boxed, FMA by FMA.
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20).add(c21)
                .add(c22).add(c23).reduceLanes(VectorOperators.ADD);
    }

    private static float bcast24(float[] a, int from, int to) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        FloatVector c16 = c0, c17 = c0, c18 = c0, c19 = c0, c20 = c0, c21 = c0, c22 = c0, c23 = c0;
        float[] q = Q;
        int o = 0;
        for (int i = from; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            c0 = v.fma(FloatVector.broadcast(S, q[o]), c0); c1 = v.fma(FloatVector.broadcast(S, q[o + 1]), c1);
            c2 = v.fma(FloatVector.broadcast(S, q[o + 2]), c2); c3 = v.fma(FloatVector.broadcast(S, q[o + 3]), c3);
            c4 = v.fma(FloatVector.broadcast(S, q[o + 4]), c4); c5 = v.fma(FloatVector.broadcast(S, q[o + 5]), c5);
            c6 = v.fma(FloatVector.broadcast(S, q[o + 6]), c6); c7 = v.fma(FloatVector.broadcast(S, q[o + 7]), c7);
            c8 = v.fma(FloatVector.broadcast(S, q[o + 8]), c8); c9 = v.fma(FloatVector.broadcast(S, q[o + 9]), c9);
            c10 = v.fma(FloatVector.broadcast(S, q[o + 10]), c10); c11 = v.fma(FloatVector.broadcast(S, q[o + 11]), c11);
            c12 = v.fma(FloatVector.broadcast(S, q[o + 12]), c12); c13 = v.fma(FloatVector.broadcast(S, q[o + 13]), c13);
            c14 = v.fma(FloatVector.broadcast(S, q[o + 14]), c14); c15 = v.fma(FloatVector.broadcast(S, q[o + 15]), c15);
            c16 = v.fma(FloatVector.broadcast(S, q[o + 16]), c16); c17 = v.fma(FloatVector.broadcast(S, q[o + 17]), c17);
            c18 = v.fma(FloatVector.broadcast(S, q[o + 18]), c18); c19 = v.fma(FloatVector.broadcast(S, q[o + 19]), c19);
            c20 = v.fma(FloatVector.broadcast(S, q[o + 20]), c20); c21 = v.fma(FloatVector.broadcast(S, q[o + 21]), c21);
            c22 = v.fma(FloatVector.broadcast(S, q[o + 22]), c22); c23 = v.fma(FloatVector.broadcast(S, q[o + 23]), c23);
            o = (o + 24) & 8191;
        }
        // Chained adds, not a varargs helper: vectors that escape into an array are boxed, FMA by FMA.
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20).add(c21)
                .add(c22).add(c23).reduceLanes(VectorOperators.ADD);
    }

    private static float bcast12x2(float[] a, int from, int to) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        FloatVector c16 = c0, c17 = c0, c18 = c0, c19 = c0, c20 = c0, c21 = c0, c22 = c0, c23 = c0;
        float[] q = Q;
        int o = 0;
        for (int i = from; i + 2 * L <= to; i += 2 * L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            FloatVector w = FloatVector.fromArray(S, a, i + L);
            FloatVector b;
            b = FloatVector.broadcast(S, q[o]); c0 = v.fma(b, c0); c1 = w.fma(b, c1);
            b = FloatVector.broadcast(S, q[o + 1]); c2 = v.fma(b, c2); c3 = w.fma(b, c3);
            b = FloatVector.broadcast(S, q[o + 2]); c4 = v.fma(b, c4); c5 = w.fma(b, c5);
            b = FloatVector.broadcast(S, q[o + 3]); c6 = v.fma(b, c6); c7 = w.fma(b, c7);
            b = FloatVector.broadcast(S, q[o + 4]); c8 = v.fma(b, c8); c9 = w.fma(b, c9);
            b = FloatVector.broadcast(S, q[o + 5]); c10 = v.fma(b, c10); c11 = w.fma(b, c11);
            b = FloatVector.broadcast(S, q[o + 6]); c12 = v.fma(b, c12); c13 = w.fma(b, c13);
            b = FloatVector.broadcast(S, q[o + 7]); c14 = v.fma(b, c14); c15 = w.fma(b, c15);
            b = FloatVector.broadcast(S, q[o + 8]); c16 = v.fma(b, c16); c17 = w.fma(b, c17);
            b = FloatVector.broadcast(S, q[o + 9]); c18 = v.fma(b, c18); c19 = w.fma(b, c19);
            b = FloatVector.broadcast(S, q[o + 10]); c20 = v.fma(b, c20); c21 = w.fma(b, c21);
            b = FloatVector.broadcast(S, q[o + 11]); c22 = v.fma(b, c22); c23 = w.fma(b, c23);
            o = (o + 12) & 8191;
        }
        // Chained adds, not a varargs helper: vectors that escape into an array are boxed, FMA by FMA.
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20).add(c21)
                .add(c22).add(c23).reduceLanes(VectorOperators.ADD);
    }
}
