package io.github.distilbertj.kernels.bench;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Tuning probe: DRAM read bandwidth seen from Java (vector sum over a 256 MiB float array, 1 and 2 threads,
 * median and best of 15). At batch 1 a forward pass reads every weight once, so this is its floor:
 * DistilBERT-base's 170 MB of Linear weights, MiniLM's 42.5 MB, neither fits the 32 MiB L3.
 */
public final class MemoryBandwidthProbe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private MemoryBandwidthProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = 64 << 20;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i & 7;
        }
        for (int threads = 1; threads <= 2; threads++) {
            double[] gbs = new double[15];
            for (int r = 0; r < gbs.length; r++) {
                Thread[] ts = new Thread[threads];
                float[] sink = new float[threads];
                long t0 = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    int chunk = n / threads;
                    ts[t] = Thread.ofPlatform().start(() -> sink[id] = sum(a, id * chunk, (id + 1) * chunk));
                }
                for (Thread t : ts) {
                    t.join();
                }
                gbs[r] = (double) n * Float.BYTES / (System.nanoTime() - t0);
            }
            Arrays.sort(gbs);
            System.out.printf("%d thread(s): median %.1f GB/s, best %.1f GB/s%n", threads, gbs[gbs.length / 2],
                    gbs[gbs.length - 1]);
        }
    }

    private static float sum(float[] a, int from, int to) {
        int l = S.length();
        FloatVector v0 = FloatVector.zero(S);
        FloatVector v1 = FloatVector.zero(S);
        FloatVector v2 = FloatVector.zero(S);
        FloatVector v3 = FloatVector.zero(S);
        for (int i = from; i + 4 * l <= to; i += 4 * l) {
            v0 = v0.add(FloatVector.fromArray(S, a, i));
            v1 = v1.add(FloatVector.fromArray(S, a, i + l));
            v2 = v2.add(FloatVector.fromArray(S, a, i + 2 * l));
            v3 = v3.add(FloatVector.fromArray(S, a, i + 3 * l));
        }
        return v0.add(v1).add(v2).add(v3).reduceLanes(VectorOperators.ADD);
    }
}
