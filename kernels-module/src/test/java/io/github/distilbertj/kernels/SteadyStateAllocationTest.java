package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, the kernels allocate nothing per vector. A FloatVector that crosses a call C2 did not inline is
 * boxed on the heap, and the kernel runs several times slower (kernels README, *Vector helpers without vectors*:
 * MiniLM's attention took 10x its time in one JVM in ten). Boxing leaves allocations behind, and unlike time they
 * can be counted exactly: after warm-up a call may allocate a few small objects of its own (task lambdas), never
 * one box per vector. Every workload below handles thousands of vectors a call, so boxing would allocate tens of
 * kilobytes or more a call against the limit of {@link #LIMIT} bytes.
 */
class SteadyStateAllocationTest {
    private static final long LIMIT = 4096;
    /** Warm-up ends when a call stays under the limit; C2 normally gets there within a few seconds. */
    private static final long DEADLINE_NANOS = 60_000_000_000L;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static KernelPool one;

    @BeforeAll
    static void pool() {
        one = new KernelPool(1);
    }

    @AfterAll
    static void close() {
        one.close();
    }

    /** Calls the workload until 20 calls in a row average at most LIMIT bytes, or fails at the deadline. */
    private static void assertAllocationFreeOnceWarm(String what, Runnable call) {
        long start = System.nanoTime();
        long perCall = Long.MAX_VALUE;
        while (System.nanoTime() - start < DEADLINE_NANOS) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20; i++) {
                call.run();
            }
            perCall = (THREADS.getCurrentThreadAllocatedBytes() - before) / 20;
            if (perCall <= LIMIT) {
                return;
            }
        }
        fail(what + " still allocates " + perCall + " bytes a call after " + DEADLINE_NANOS / 1_000_000_000L
                + " s of warm-up (limit " + LIMIT + "): a vector is boxed somewhere, see -XX:+PrintInlining");
    }

    @Test
    void sgemmWithEveryEpilogue() {
        Random rnd = new Random(3);
        int m = 64;
        int n = 6 * GemmKernel.NR + 5;
        int k = 2 * KernelTuning.DEFAULTS.kc() + 7;
        float[] a = TestData.random(rnd, m * k, 1f);
        PackedWeights w = PackedWeights.fromRowMajorNK(TestData.random(rnd, n * k, 1f), 0, n, k);
        float[] bias = TestData.random(rnd, n, 1f);
        float[] residual = TestData.random(rnd, m * n, 1f);
        float[] c = new float[m * n];
        for (Epilogue ep : Epilogue.values()) {
            assertAllocationFreeOnceWarm("Sgemm.linear " + ep,
                    () -> Sgemm.linear(one, a, 0, k, m, w, bias, ep, residual, 0, n, c, 0, n));
        }
    }

    @Test
    void attentionOverSequencesOfMixedLengths() {
        int heads = 4;
        for (int headDim : new int[] {32, 64}) {
            int[] lens = {70, 17, 33, 5};
            int[] starts = new int[lens.length + 1];
            for (int i = 0; i < lens.length; i++) {
                starts[i + 1] = starts[i] + lens[i];
            }
            int tokens = starts[lens.length];
            int hidden = heads * headDim;
            float[] qkv = TestData.random(new Random(headDim), tokens * 3 * hidden, 1f);
            int[] mask = new int[tokens];
            Arrays.fill(mask, 1);
            mask[3] = 0;
            float[] out = new float[tokens * hidden];
            float scale = (float) (1 / Math.sqrt(headDim));
            assertAllocationFreeOnceWarm("Attention.computeVarlen, head " + headDim,
                    () -> Attention.computeVarlen(one, qkv, 0, qkv, hidden, qkv, 2 * hidden, 3 * hidden, starts,
                            lens.length, heads, headDim, scale, mask, out, 0, hidden));
        }
    }

    @Test
    void activationsAndLayerNorm() {
        float[] x = TestData.random(new Random(4), 64 * 384 + 3, 3f);
        float[] y = x.clone();
        assertAllocationFreeOnceWarm("Activations.gelu", () -> {
            System.arraycopy(x, 0, y, 0, x.length);
            Activations.gelu(y, 0, y.length);
        });
        float[] gamma = TestData.random(new Random(5), 384, 1f);
        float[] beta = TestData.random(new Random(6), 384, 1f);
        assertAllocationFreeOnceWarm("LayerNorm.apply", () -> {
            System.arraycopy(x, 0, y, 0, x.length);
            LayerNorm.apply(one, y, 0, 384, 64, 384, gamma, beta, 1e-12f, y, 0);
        });
    }
}
