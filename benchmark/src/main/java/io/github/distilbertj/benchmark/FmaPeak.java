package io.github.distilbertj.benchmark;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * The machine's measured fused-multiply-add peak through the Vector API: each thread runs 16
 * independent {@code FloatVector.fma} chains on {@code SPECIES_PREFERRED} (enough chains to cover
 * the FMA latency on two ports), so the loop is bound by FMA throughput only.
 */
public final class FmaPeak {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 16;

    private FmaPeak() {
    }

    /** Best GFLOP/s (2 FLOPs per lane per FMA) over {@code trials} timed loops, {@code threads} threads at once. */
    public static double gflops(int threads, int trials, long iterations) throws InterruptedException {
        double best = 0;
        for (int t = 0; t < trials + 1; t++) {
            double g = once(threads, iterations);
            if (t > 0) { // the first trial warms up (JIT, turbo)
                best = Math.max(best, g);
            }
        }
        return best;
    }

    private static double once(int threads, long iterations) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        float[] sink = new float[threads];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread w = Thread.ofPlatform().name("fma-peak-" + i).start(() -> {
                try {
                    start.await();
                    sink[id] = loop(iterations, id);
                    end.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(w);
        }
        try {
            start.await();
            long t0 = System.nanoTime();
            end.await();
            long ns = System.nanoTime() - t0;
            for (Thread w : workers) {
                w.join();
            }
            if (Float.isNaN(sink[0])) {
                throw new IllegalStateException("FMA loop produced NaN");
            }
            double flops = 2.0 * S.length() * CHAINS * iterations * threads;
            return flops / ns;
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float loop(long iterations, int seed) {
        FloatVector a = FloatVector.broadcast(S, 0.999f);
        FloatVector b = FloatVector.broadcast(S, 1e-6f * (seed + 1));
        FloatVector c0 = FloatVector.broadcast(S, 0f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (long i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            c12 = c12.fma(a, b); c13 = c13.fma(a, b); c14 = c14.fma(a, b); c15 = c15.fma(a, b);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7)
                .add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15);
        return sum.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    public static int lanes() {
        return S.length();
    }
}
