package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SgemmTest {
    private static final int[] SIZES = {1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 31, 32, 33, 47, 48, 49, 64, 97, 129};
    private static KernelPool one;
    private static KernelPool two;
    private static KernelPool three;

    @BeforeAll
    static void pools() {
        one = new KernelPool(1);
        two = new KernelPool(2);
        three = new KernelPool(3);
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
        three.close();
    }

    private static KernelPool pool(int i) {
        return switch (i % 3) {
            case 0 -> one;
            case 1 -> two;
            default -> three;
        };
    }

    /** Runs one random case; returns nothing, fails with the shape in the message. */
    static void check(KernelPool pool, Random rnd, int m, int n, int k, Epilogue ep, boolean kn,
                      int aOff, int lda, int cOff, int ldc, int rOff, int ldr) {
        check(pool, rnd, m, n, k, ep, kn, aOff, lda, cOff, ldc, rOff, ldr, WeightFormat.F32);
    }

    /**
     * As above with the weights packed in {@code format}; the scalar twin multiplies by the values the packed
     * matrix holds (W rounded to BF16, or scale * q), so this checks the kernel, not the rounding.
     */
    static void check(KernelPool pool, Random rnd, int m, int n, int k, Epilogue ep, boolean kn,
                      int aOff, int lda, int cOff, int ldc, int rOff, int ldr, WeightFormat format) {
        float[] a = TestData.matrix(rnd, aOff, lda, m, k, 1f);
        float[] w = TestData.random(rnd, n * k, 0.5f);
        PackedWeights pw;
        if (kn) {
            float[] b = new float[7 + k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    b[7 + p * n + j] = w[j * k + p];
                }
            }
            pw = PackedWeights.fromRowMajorKN(b, 7, k, n, format);
        } else {
            float[] padded = new float[3 + n * k];
            System.arraycopy(w, 0, padded, 3, n * k);
            pw = PackedWeights.fromRowMajorNK(padded, 3, n, k, format);
        }
        assertEquals(format, pw.format());
        if (format != WeightFormat.F32) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    w[j * k + p] = pw.get(j, p);
                }
            }
        }
        float[] bias = ep.usesBias() ? TestData.random(rnd, n, 2f) : null;
        float[] res = ep.usesResidual() ? TestData.matrix(rnd, rOff, ldr, m, n, 3f) : null;
        float[] c = TestData.filled(cOff + (m - 1) * ldc + n + 5, -7f);
        Sgemm.linear(pool, a, aOff, lda, m, pw, bias, ep, res, rOff, ldr, c, cOff, ldc);
        ReferenceKernels.LinearResult ref = ReferenceKernels.linear(a, aOff, lda, m, w, n, k, bias, ep, res, rOff, ldr);
        assertLinear(ref, c, cOff, ldc, m, n, k, format + " m=" + m + " n=" + n + " k=" + k + " ep=" + ep + " kn=" + kn
                + " threads=" + pool.threads() + " aOff=" + aOff + " lda=" + lda + " cOff=" + cOff + " ldc=" + ldc);
    }

    static void assertLinear(ReferenceKernels.LinearResult ref, float[] c, int cOff, int ldc, int m, int n, int k,
                             String what) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = ref.value()[i][j];
                float actual = c[cOff + i * ldc + j];
                double tol = 1e-5 * ref.magnitude()[i][j] + 2e-6 * Math.abs(expected) + 1e-6;
                if (!(Math.abs(actual - expected) <= tol)) {
                    fail(what + ": C[" + i + "][" + j + "] = " + actual + ", expected " + expected + " +- " + tol);
                }
            }
        }
        // Everything outside the m x n window (padding, row gaps) is untouched.
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside && c[idx] != -7f) {
                fail(what + ": wrote outside C at index " + idx);
            }
        }
    }

    @Test
    void randomShapesAllEpilogues() {
        Random rnd = new Random(42);
        Epilogue[] eps = Epilogue.values();
        for (int t = 0; t < 120; t++) {
            int m = SIZES[rnd.nextInt(SIZES.length)];
            int n = SIZES[rnd.nextInt(SIZES.length)];
            int k = SIZES[rnd.nextInt(SIZES.length)];
            Epilogue ep = eps[t % eps.length];
            int aOff = rnd.nextInt(3) * rnd.nextInt(20);
            int lda = k + (rnd.nextBoolean() ? 0 : rnd.nextInt(9));
            int cOff = rnd.nextInt(3) * rnd.nextInt(20);
            int ldc = n + (rnd.nextBoolean() ? 0 : rnd.nextInt(9));
            int rOff = rnd.nextInt(11);
            int ldr = n + rnd.nextInt(4);
            check(pool(t), rnd, m, n, k, ep, rnd.nextBoolean(), aOff, lda, cOff, ldc, rOff, ldr);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void blockBoundaries(int threads) {
        // Crosses the KC and MC blocks and the panel edge: k around multiples of KC, m around MC, n odd.
        Random rnd = new Random(threads);
        KernelPool pool = pool(threads - 1);
        int kc = KernelTuning.DEFAULTS.kc();
        int mc = KernelTuning.DEFAULTS.mc();
        check(pool, rnd, mc + 2, 101, 2 * kc + 1, Epilogue.BIAS_RESIDUAL, false, 5, 2 * kc + 8, 3, 110, 1, 101);
        check(pool, rnd, 2 * mc + 1, 3 * GemmKernel.NR, kc, Epilogue.BIAS_GELU, false, 0, kc, 0, 3 * GemmKernel.NR, 0, 0);
        check(pool, rnd, 8, 2 * GemmKernel.NR + 1, kc + 1, Epilogue.NONE, true, 0, kc + 1, 0, 2 * GemmKernel.NR + 1, 0, 0);
    }

    @Test
    void bertShapes() {
        Random rnd = new Random(7);
        check(two, rnd, 32, 768, 768, Epilogue.BIAS, false, 0, 768, 0, 768, 0, 0);
        check(two, rnd, 40, 3072, 768, Epilogue.BIAS_GELU, false, 0, 768, 0, 3072, 0, 0);
        check(one, rnd, 33, 768, 3072, Epilogue.BIAS_RESIDUAL, false, 0, 3072, 0, 768, 0, 768);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fewRowsWithAReductionLongerThanOneL2Chunk(boolean kn) {
        // Split over N with A shared: 40 rows x 3077 of packed A exceed the task's L2 budget, so the reduction
        // runs in several chunks, each sweeping all of the task's panels; the last chunk ends mid-k-block.
        check(two, new Random(kn ? 11 : 12), 40, 101, 8 * KernelTuning.DEFAULTS.kc() + 5, Epilogue.BIAS_RESIDUAL, kn,
                3, 8 * KernelTuning.DEFAULTS.kc() + 9, 0, 101, 0, 101);
        check(two, new Random(13), 17, 3 * GemmKernel.NR + 7, 8 * KernelTuning.DEFAULTS.kc(), Epilogue.BIAS_GELU, false,
                0, 8 * KernelTuning.DEFAULTS.kc(), 2, 3 * GemmKernel.NR + 9, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(Epilogue.class)
    void prime(Epilogue ep) {
        check(two, new Random(ep.ordinal()), 37, 53, 211, ep, false, 1, 213, 2, 59, 3, 61);
    }

    @Test
    void aBiasPassedWithoutABiasEpilogueIsIgnored() {
        // The bias seeds the accumulators only when the epilogue adds one.
        Random rnd = new Random(21);
        int m = 17;
        int n = 2 * GemmKernel.NR + 5;
        int k = 2 * KernelTuning.DEFAULTS.kc() + 3;
        float[] a = TestData.random(rnd, m * k, 1f);
        PackedWeights w = PackedWeights.fromRowMajorNK(TestData.random(rnd, n * k, 1f), 0, n, k);
        float[] withBias = new float[m * n];
        float[] without = new float[m * n];
        for (KernelPool pool : new KernelPool[] {one, two}) {
            Sgemm.linear(pool, a, 0, k, m, w, TestData.random(rnd, n, 5f), Epilogue.NONE, null, 0, 0, withBias, 0, n);
            Sgemm.linear(pool, a, 0, k, m, w, null, Epilogue.NONE, null, 0, 0, without, 0, n);
            org.junit.jupiter.api.Assertions.assertArrayEquals(without, withBias, "threads=" + pool.threads());
        }
    }

    @Test
    void residualInPlace() {
        Random rnd = new Random(3);
        int m = 19;
        int n = 70;
        int k = 45;
        int ldc = 75;
        float[] a = TestData.random(rnd, m * k, 1f);
        float[] w = TestData.random(rnd, n * k, 1f);
        float[] bias = TestData.random(rnd, n, 1f);
        float[] c = TestData.matrix(rnd, 4, ldc, m, n, 2f);
        float[] r = c.clone();
        ReferenceKernels.LinearResult ref = ReferenceKernels.linear(a, 0, k, m, w, n, k, bias, Epilogue.BIAS_RESIDUAL, r, 4, ldc);
        Sgemm.linear(two, a, 0, k, m, PackedWeights.fromRowMajorNK(w, 0, n, k), bias, Epilogue.BIAS_RESIDUAL,
                c, 4, ldc, c, 4, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double tol = 1e-5 * ref.magnitude()[i][j] + 1e-6;
                assertEquals(ref.value()[i][j], c[4 + i * ldc + j], tol, "C[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void concatRowsEqualsSeparateLayers() {
        Random rnd = new Random(11);
        int k = 37;
        float[] w1 = TestData.random(rnd, 20 * k, 1f);
        float[] w2 = TestData.random(rnd, 50 * k, 1f);
        float[] w3 = TestData.random(rnd, 3 * k, 1f);
        PackedWeights cat = PackedWeights.concatRows(PackedWeights.fromRowMajorNK(w1, 0, 20, k),
                PackedWeights.fromRowMajorNK(w2, 0, 50, k), PackedWeights.fromRowMajorNK(w3, 0, 3, k));
        assertEquals(73, cat.n());
        assertEquals(k, cat.k());
        for (int p = 0; p < k; p++) {
            assertEquals(w1[5 * k + p], cat.get(5, p));
            assertEquals(w2[49 * k + p], cat.get(69, p));
            assertEquals(w3[2 * k + p], cat.get(72, p));
        }
    }

    @Test
    void fromRowMajorKNTransposes() {
        float[] b = {1, 2, 3, 4, 5, 6}; // [k=2][n=3]
        PackedWeights w = PackedWeights.fromRowMajorKN(b, 0, 2, 3);
        assertEquals(3, w.n());
        assertEquals(2, w.k());
        assertEquals(1f, w.get(0, 0));
        assertEquals(4f, w.get(0, 1));
        assertEquals(3f, w.get(2, 0));
        assertEquals(6f, w.get(2, 1));
    }

    @Test
    void invalidArgumentsNameTheArgument() {
        float[] a = new float[4 * 8];
        float[] c = new float[4 * 6];
        float[] bias = new float[6];
        PackedWeights w = PackedWeights.fromRowMajorNK(new float[6 * 8], 0, 6, 8);
        expect("m", () -> Sgemm.linear(one, a, 0, 8, 0, w, null, Epilogue.NONE, null, 0, 0, c, 0, 6));
        expect("lda", () -> Sgemm.linear(one, a, 0, 7, 4, w, null, Epilogue.NONE, null, 0, 0, c, 0, 6));
        expect("a", () -> Sgemm.linear(one, a, 1, 8, 4, w, null, Epilogue.NONE, null, 0, 0, c, 0, 6));
        expect("a", () -> Sgemm.linear(one, null, 0, 8, 4, w, null, Epilogue.NONE, null, 0, 0, c, 0, 6));
        expect("ldc", () -> Sgemm.linear(one, a, 0, 8, 4, w, null, Epilogue.NONE, null, 0, 0, c, 0, 5));
        expect("c", () -> Sgemm.linear(one, a, 0, 8, 4, w, null, Epilogue.NONE, null, 0, 0, c, 2, 6));
        expect("bias", () -> Sgemm.linear(one, a, 0, 8, 4, w, null, Epilogue.BIAS, null, 0, 0, c, 0, 6));
        expect("bias", () -> Sgemm.linear(one, a, 0, 8, 4, w, new float[5], Epilogue.BIAS_GELU, null, 0, 0, c, 0, 6));
        expect("residual", () -> Sgemm.linear(one, a, 0, 8, 4, w, bias, Epilogue.BIAS_RESIDUAL, null, 0, 6, c, 0, 6));
        expect("ldr", () -> Sgemm.linear(one, a, 0, 8, 4, w, bias, Epilogue.BIAS_RESIDUAL, c, 0, 3, c, 0, 6));
        expect("w", () -> Sgemm.linear(one, a, 0, 8, 4, null, null, Epilogue.NONE, null, 0, 0, c, 0, 6));
        expect("epilogue", () -> Sgemm.linear(one, a, 0, 8, 4, w, null, null, null, 0, 0, c, 0, 6));
        expect("pool", () -> Sgemm.linear(null, a, 0, 8, 4, w, null, Epilogue.NONE, null, 0, 0, c, 0, 6));
        expect("n", () -> PackedWeights.fromRowMajorNK(new float[8], 0, 0, 8));
        expect("k", () -> PackedWeights.fromRowMajorKN(new float[8], 0, 0, 8));
        expect("w", () -> PackedWeights.fromRowMajorNK(new float[8], 1, 1, 8));
        expect("b", () -> PackedWeights.fromRowMajorKN(new float[8], 0, 3, 3));
        expect("parts", () -> PackedWeights.concatRows());
        expect("parts[1].k()", () -> PackedWeights.concatRows(w, PackedWeights.fromRowMajorNK(new float[7], 0, 1, 7)));
    }

    static void expect(String name, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(name + " ") || e.getMessage().startsWith(name + "="),
                "message should name '" + name + "': " + e.getMessage());
    }
}
