package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BF16 and INT8 weights: the micro-kernels against their scalar double-precision twin (over the values the packed
 * matrix holds), and the conversions against independent scalar twins (round to nearest even, per-feature scale).
 */
class WeightFormatTest {
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

    @ParameterizedTest
    @EnumSource(value = WeightFormat.class, names = {"BF16", "INT8"})
    void randomShapesAllEpilogues(WeightFormat format) {
        Random rnd = new Random(format.ordinal() + 100);
        Epilogue[] eps = Epilogue.values();
        KernelPool[] pools = {one, two, three};
        for (int t = 0; t < 80; t++) {
            int m = SIZES[rnd.nextInt(SIZES.length)];
            int n = SIZES[rnd.nextInt(SIZES.length)];
            int k = SIZES[rnd.nextInt(SIZES.length)];
            int aOff = rnd.nextInt(3) * rnd.nextInt(20);
            int lda = k + (rnd.nextBoolean() ? 0 : rnd.nextInt(9));
            int cOff = rnd.nextInt(3) * rnd.nextInt(20);
            int ldc = n + (rnd.nextBoolean() ? 0 : rnd.nextInt(9));
            SgemmTest.check(pools[t % 3], rnd, m, n, k, eps[t % eps.length], rnd.nextBoolean(), aOff, lda, cOff, ldc,
                    rnd.nextInt(11), n + rnd.nextInt(4), format);
        }
    }

    @ParameterizedTest
    @EnumSource(value = WeightFormat.class, names = {"BF16", "INT8"})
    void blockEdgesFewRowsAndBertShapes(WeightFormat format) {
        Random rnd = new Random(5);
        int kc = KernelTuning.DEFAULTS.kc();
        int mc = KernelTuning.DEFAULTS.mc();
        int nr = GemmKernel.NR;
        // k-blocks (odd k: the last BF16 pair is half padding), MC row blocks, the panel edge.
        SgemmTest.check(two, rnd, mc + 2, 101, 2 * kc + 1, Epilogue.BIAS_RESIDUAL, false, 5, 2 * kc + 8, 3, 110, 1, 101, format);
        SgemmTest.check(three, rnd, 2 * mc + 1, 3 * nr, kc, Epilogue.BIAS_GELU, true, 0, kc, 0, 3 * nr, 0, 0, format);
        // Few rows, A shared, a reduction longer than one L2 chunk.
        SgemmTest.check(two, rnd, 40, 101, 8 * kc + 5, Epilogue.BIAS_RESIDUAL, true, 3, 8 * kc + 9, 0, 101, 0, 101, format);
        SgemmTest.check(two, rnd, 1, 2 * nr + 1, 3 * kc + 3, Epilogue.BIAS, false, 0, 3 * kc + 3, 0, 2 * nr + 1, 0, 0, format);
        SgemmTest.check(one, rnd, 33, 768, 3072, Epilogue.BIAS_RESIDUAL, false, 0, 3072, 0, 768, 0, 768, format);
        SgemmTest.check(two, rnd, 24, 384, 1536, Epilogue.BIAS_GELU, false, 0, 1536, 0, 384, 0, 0, format);
    }

    @ParameterizedTest
    @EnumSource(value = WeightFormat.class, names = {"BF16", "INT8"})
    void oddTunedKcStartsBlocksInsideBf16Pairs(WeightFormat format) {
        // A measured tuning may pick any kc: with kc = 37, k-blocks start at odd steps, in the high half of a pair.
        try (KernelPool odd = new KernelPool(2, KernelTuning.DEFAULTS.withKc(37).withMc(16))) {
            Random rnd = new Random(8);
            SgemmTest.check(odd, rnd, 50, 101, 200, Epilogue.BIAS, false, 0, 200, 0, 101, 0, 0, format);
            SgemmTest.check(odd, rnd, 3, 60, 111, Epilogue.NONE, true, 0, 111, 0, 60, 0, 0, format);
            SgemmTest.check(odd, rnd, 200, 50, 75, Epilogue.BIAS_GELU, false, 0, 75, 0, 50, 0, 0, format);
        }
    }

    @ParameterizedTest
    @EnumSource(WeightFormat.class)
    void aRowsResultDoesNotDependOnTheRowsAroundIt(WeightFormat format) {
        // Row runs of <= 8 rows use the in-register kernels, longer runs widen a k-block once (INT8) and the split
        // changes with M: every path must give the same bits, so a text's embedding does not depend on its batch.
        Random rnd = new Random(21);
        int m = 45;
        int n = 101;
        int k = 2 * KernelTuning.DEFAULTS.kc() + 33;
        float[] a = TestData.random(rnd, m * k, 1f);
        PackedWeights w = PackedWeights.fromRowMajorNK(TestData.random(rnd, n * k, 0.5f), 0, n, k, format);
        float[] bias = TestData.random(rnd, n, 1f);
        float[] all = new float[m * n];
        Sgemm.linear(two, a, 0, k, m, w, bias, Epilogue.BIAS_GELU, null, 0, 0, all, 0, n);
        for (int rows : new int[] {1, 3, 8, 9, 24}) {
            for (int i0 = 0; i0 + rows <= m; i0 += 7) {
                float[] part = new float[rows * n];
                Sgemm.linear(rows % 2 == 0 ? one : two, a, i0 * k, k, rows, w, bias, Epilogue.BIAS_GELU, null, 0, 0,
                        part, 0, n);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(Float.floatToRawIntBits(all[(i0 + r) * n + j]), Float.floatToRawIntBits(part[r * n + j]),
                                format + " rows " + i0 + ".." + (i0 + rows) + ": C[" + (i0 + r) + "][" + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void residualInPlaceWithBf16AndInt8() {
        for (WeightFormat format : new WeightFormat[] {WeightFormat.BF16, WeightFormat.INT8}) {
            Random rnd = new Random(3);
            int m = 19;
            int n = 70;
            int k = 45;
            int ldc = 75;
            float[] a = TestData.random(rnd, m * k, 1f);
            PackedWeights pw = PackedWeights.fromRowMajorNK(TestData.random(rnd, n * k, 1f), 0, n, k, format);
            float[] w = dequantized(pw);
            float[] bias = TestData.random(rnd, n, 1f);
            float[] c = TestData.matrix(rnd, 4, ldc, m, n, 2f);
            float[] r = c.clone();
            ReferenceKernels.LinearResult ref = ReferenceKernels.linear(a, 0, k, m, w, n, k, bias, Epilogue.BIAS_RESIDUAL, r, 4, ldc);
            Sgemm.linear(two, a, 0, k, m, pw, bias, Epilogue.BIAS_RESIDUAL, c, 4, ldc, c, 4, ldc);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(ref.value()[i][j], c[4 + i * ldc + j], 1e-5 * ref.magnitude()[i][j] + 1e-6,
                            format + " C[" + i + "][" + j + "]");
                }
            }
        }
    }

    /** Independent twin of BF16 rounding: the nearer of the two neighbouring BF16 values, ties to the even one. */
    private static float bf16Twin(float x) {
        if (Float.isNaN(x) || Float.isInfinite(x)) {
            return x;
        }
        int bits = Float.floatToRawIntBits(x);
        float down = Float.intBitsToFloat(bits & 0xFFFF0000);
        float up = Float.intBitsToFloat((bits & 0xFFFF0000) + 0x10000);
        // Past the largest BF16 value the next step up is 2^128 (rounds to infinity, as IEEE 754 does).
        double upValue = Float.isInfinite(up) ? Math.copySign(0x1p128, x) : up;
        double dd = Math.abs((double) x - down);
        double du = Math.abs(upValue - x);
        if (dd < du) {
            return down;
        }
        if (du < dd) {
            return up;
        }
        return ((Float.floatToRawIntBits(down) >>> 16) & 1) == 0 ? down : up;
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals(1f, bf16(1f + 0x1p-8f), "halfway, even below");
        assertEquals(1f + 0x1p-6f, bf16(1f + 0x1p-7f + 0x1p-8f), "halfway, even above");
        assertEquals(1f + 0x1p-7f, bf16(1f + 0x1p-8f + 0x1p-20f), "just above halfway");
        assertEquals(-2.5f, bf16(-2.5f));
        assertEquals(Float.POSITIVE_INFINITY, bf16(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, bf16(Float.MAX_VALUE), "rounds past the largest BF16 value");
        assertTrue(Float.isNaN(bf16(Float.NaN)));
        assertTrue(Float.isNaN(bf16(Float.intBitsToFloat(0x7F800001))), "a NaN with only low payload bits stays NaN");
        Random rnd = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            float x = Float.intBitsToFloat(rnd.nextInt());
            if (!Float.isNaN(x)) {
                assertEquals(bf16Twin(x), bf16(x), "bf16(" + x + ")");
            }
        }
    }

    private static float bf16(float x) {
        return Float.intBitsToFloat(PackedWeights.toBf16Bits(x) << 16);
    }

    @Test
    void int8IsSymmetricPerOutputFeature() {
        Random rnd = new Random(2);
        int n = 53;
        int k = 77;
        float[] w = new float[n * k];
        for (int j = 0; j < n; j++) {
            float range = (float) Math.pow(10, rnd.nextInt(7) - 4); // features of very different magnitude
            for (int p = 0; p < k; p++) {
                w[j * k + p] = (rnd.nextFloat() * 2 - 1) * range;
            }
        }
        java.util.Arrays.fill(w, 7 * k, 8 * k, 0f); // an all-zero feature
        PackedWeights pw = PackedWeights.fromRowMajorNK(w, 0, n, k, WeightFormat.INT8);
        for (int j = 0; j < n; j++) {
            float max = 0f;
            for (int p = 0; p < k; p++) {
                max = Math.max(max, Math.abs(w[j * k + p]));
            }
            assertEquals(max / 127f, pw.scale(j), "scale of feature " + j);
            for (int p = 0; p < k; p++) {
                double q = pw.get(j, p) / (double) pw.scale(j);
                if (max > 0) {
                    assertEquals(Math.rint(q), q, 1e-3, "integer level at " + j + "," + p);
                    assertTrue(Math.abs(q) <= 127.0001, "|q| <= 127 at " + j + "," + p);
                    assertTrue(Math.abs(pw.get(j, p) - w[j * k + p]) <= 0.5001 * pw.scale(j),
                            "error within half a step at " + j + "," + p);
                } else {
                    assertEquals(0f, pw.get(j, p));
                }
            }
        }
    }

    @Test
    void sizesConversionsAndConcat() {
        Random rnd = new Random(4);
        int n = 768;
        int k = 768;
        float[] w = TestData.random(rnd, n * k, 1f);
        PackedWeights f32 = PackedWeights.fromRowMajorNK(w, 0, n, k);
        PackedWeights bf16 = PackedWeights.fromRowMajorNK(w, 0, n, k, WeightFormat.BF16);
        PackedWeights int8 = PackedWeights.fromRowMajorNK(w, 0, n, k, WeightFormat.INT8);
        assertEquals(0.5, bf16.storageBytes() / (double) f32.storageBytes(), 1e-9);
        assertEquals(0.25, int8.storageBytes() / (double) f32.storageBytes(), 0.01);
        assertSame(bf16, bf16.to(WeightFormat.BF16));
        PackedWeights back = bf16.to(WeightFormat.F32);
        short[] bits = new short[n * k];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (short) PackedWeights.toBf16Bits(w[i]);
        }
        PackedWeights direct = PackedWeights.fromBf16RowMajorNK(bits, 0, n, k);
        short[] bitsKn = new short[k * n];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                bitsKn[p * n + j] = bits[j * k + p];
            }
        }
        PackedWeights directKn = PackedWeights.fromBf16RowMajorKN(bitsKn, 0, k, n);
        for (int j = 0; j < n; j += 7) {
            for (int p = 0; p < k; p += 5) {
                assertEquals(bf16.get(j, p), back.get(j, p));
                assertEquals(bf16.get(j, p), direct.get(j, p));
                assertEquals(bf16.get(j, p), directKn.get(j, p));
            }
        }
        // concatRows keeps the format and every value (INT8: each feature keeps its own scale).
        for (WeightFormat format : WeightFormat.values()) {
            int kk = 37;
            float[] w1 = TestData.random(rnd, 20 * kk, 1f);
            float[] w2 = TestData.random(rnd, 50 * kk, 9f);
            PackedWeights p1 = PackedWeights.fromRowMajorNK(w1, 0, 20, kk, format);
            PackedWeights p2 = PackedWeights.fromRowMajorNK(w2, 0, 50, kk, format);
            PackedWeights cat = PackedWeights.concatRows(p1, p2);
            assertEquals(format, cat.format());
            assertEquals(70, cat.n());
            for (int p = 0; p < kk; p++) {
                assertEquals(p1.get(5, p), cat.get(5, p), format + " p=" + p);
                assertEquals(p2.get(49, p), cat.get(69, p), format + " p=" + p);
            }
        }
    }

    @Test
    void int8FromQuantizedValues() {
        byte[] q = {1, -2, 127, -127, 0, 5};
        float[] scale = {0.5f, 2f};
        PackedWeights pw = PackedWeights.fromInt8RowMajorNK(q, 0, scale, 2, 3);
        assertEquals(0.5f, pw.get(0, 0));
        assertEquals(63.5f, pw.get(0, 2));
        assertEquals(-254f, pw.get(1, 0));
        assertEquals(10f, pw.get(1, 2));
    }

    @Test
    void badInputNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightFormat.parse("distilbertj.weights", "fp8"));
        assertEquals("distilbertj.weights must be one of f32|bf16|int8, got 'fp8'", e.getMessage());
        assertEquals(WeightFormat.BF16, WeightFormat.parse("x", " BF16 "));
        e = assertThrows(IllegalArgumentException.class, () -> PackedWeights.fromRowMajorNK(
                new float[] {1, Float.NaN, 3, 4}, 0, 2, 2, WeightFormat.INT8));
        assertTrue(e.getMessage().startsWith("w[0][1] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PackedWeights.fromInt8RowMajorNK(
                new byte[] {1, -128}, 0, new float[] {1f}, 1, 2));
        assertTrue(e.getMessage().startsWith("q[1] is -128"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PackedWeights.concatRows(
                PackedWeights.fromRowMajorNK(new float[4], 0, 2, 2),
                PackedWeights.fromRowMajorNK(new float[4], 0, 2, 2, WeightFormat.BF16)));
        assertTrue(e.getMessage().startsWith("parts[1].format() is BF16"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> PackedWeights.fromRowMajorNK(new float[4], 0, 2, 2).scale(0));
    }

    private static float[] dequantized(PackedWeights pw) {
        float[] w = new float[pw.n() * pw.k()];
        for (int j = 0; j < pw.n(); j++) {
            for (int p = 0; p < pw.k(); p++) {
                w[j * pw.k() + p] = pw.get(j, p);
            }
        }
        return w;
    }
}
