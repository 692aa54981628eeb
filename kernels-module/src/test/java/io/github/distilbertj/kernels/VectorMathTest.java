package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    private static final int L = VectorWidth.LANES;

    private static float[] grid() {
        // Dense over [-6, 6] plus tiny magnitudes down to 1e-30, both signs.
        int dense = 200_000;
        float[] xs = new float[dense + 2 * 60];
        for (int i = 0; i < dense; i++) {
            xs[i] = -6f + 12f * i / (dense - 1);
        }
        for (int e = 0; e < 60; e++) {
            float v = (float) Math.pow(10, -e * 0.5);
            xs[dense + 2 * e] = v;
            xs[dense + 2 * e + 1] = -v;
        }
        return xs;
    }

    @Test
    void erfIsWithinOneMillionthRelative() {
        // The scalar erf has geluInPlace's polynomial; geluMatchesItsScalarTwinBitForBit ties the two together.
        float[] xs = grid();
        double worst = 0;
        for (float xf : xs) {
            double x = xf;
            double expected = ReferenceKernels.erf(x);
            float actual = VectorMath.erf(xf);
            double rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
            worst = Math.max(worst, rel);
            if (rel > 1e-6) {
                fail("erf(" + x + ") = " + actual + ", expected " + expected + " (relative error " + rel + ")");
            }
        }
        System.out.println("worst erf relative error " + worst);
    }

    @Test
    void erfSaturates() {
        assertEquals(1f, VectorMath.erf(10f), 1e-7);
        assertEquals(-1f, VectorMath.erf(-1e30f), 1e-7);
        assertEquals(0f, VectorMath.erf(0f));
    }

    @Test
    void geluMatchesDoublePrecision() {
        float[] xs = grid();
        float[] out = xs.clone();
        VectorMath.geluInPlace(out, 0, out.length);
        for (int i = 0; i + L <= xs.length; i += L) {
            for (int l = 0; l < L; l++) {
                double expected = ReferenceKernels.gelu(xs[i + l]);
                // 1 + erf cancels for very negative x in fp32 (as in PyTorch's erff GELU): erf's few-ulp error near -1,
                // times x/2, is an absolute error; 2e-7|x| is ~3 ulp of erf.
                double tol = 1e-6 * Math.abs(expected) + 2e-7 * Math.abs(xs[i + l]) + 1e-30;
                if (Math.abs(out[i + l] - expected) > tol) {
                    fail("gelu(" + xs[i + l] + ") = " + out[i + l] + ", expected " + expected);
                }
            }
        }
    }

    @Test
    void geluMatchesItsScalarTwinBitForBit() {
        float[] grid = grid();
        float[] xs = java.util.Arrays.copyOf(grid, grid.length + 2 * L);
        // The clamps' edges (x/sqrt2 = +-4, erf = +-1), NaN, signed zero and infinities: the blends must give what
        // Math.min/max give, bit for bit.
        float[] specials = {Float.NaN, -0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 4f * 1.41421356f,
            -4f * 1.41421356f, Math.nextUp(4f * 1.41421356f), Math.nextDown(-4f * 1.41421356f), 1e30f, -1e30f,
            Float.MIN_VALUE, -Float.MIN_VALUE};
        System.arraycopy(specials, 0, xs, grid.length, Math.min(specials.length, xs.length - grid.length));
        // Odd lengths and offsets too, so the scalar tail runs.
        for (int off : new int[] {0, 1}) {
            for (int len : new int[] {xs.length - off, xs.length - off - 3}) {
                float[] out = xs.clone();
                VectorMath.geluInPlace(out, off, len);
                for (int i = 0; i < xs.length; i++) {
                    float expected = i >= off && i < off + len ? VectorMath.gelu(xs[i]) : xs[i];
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[i]),
                            "gelu(" + xs[i] + ") at " + i + ", off " + off + ", len " + len);
                }
            }
        }
    }

    @Test
    void referenceErfIsRight() {
        // Known values (Abramowitz-Stegun table 7.1) keep the oracle honest.
        assertEquals(0.5204998778130465, ReferenceKernels.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, ReferenceKernels.erf(1.0), 1e-15);
        assertEquals(0.9953222650189527, ReferenceKernels.erf(2.0), 1e-15);
        assertEquals(0.9999779095030014, ReferenceKernels.erf(3.0), 1e-15);
        assertEquals(-0.9999999845827421, ReferenceKernels.erf(-4.0), 1e-15);
    }

    @Test
    void vectorWidthProperty() {
        assertEquals(256, VectorWidth.select("256").vectorBitSize());
        assertEquals(128, VectorWidth.select(" 128 ").vectorBitSize());
        assertEquals(FloatVector.SPECIES_PREFERRED, VectorWidth.select(null));
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.select("64"));
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.select("wide"));
        String requested = System.getProperty(VectorWidth.PROPERTY);
        int expected = requested == null ? FloatVector.SPECIES_PREFERRED.vectorBitSize() : Integer.parseInt(requested);
        assertEquals(expected, VectorWidth.SPECIES.vectorBitSize(), "species in use");
    }

    @Test
    void expNonPositiveIsWithinTwoTenMillionthsRelativeAndMatchesItsScalarTwin() {
        // Softmax arguments: [-90, 0] densely, plus the exact edges.
        int n = 400_000;
        float[] xs = new float[n + 2 * L];
        for (int i = 0; i < n; i++) {
            xs[i] = -90f * i / (n - 1);
        }
        xs[n] = 0f;
        xs[n + 1] = -0f;
        xs[n + 2] = Float.NEGATIVE_INFINITY;
        xs[n + 3] = -Float.MAX_VALUE;
        for (int i = n + 4; i < xs.length; i++) {
            xs[i] = -1e-30f * i;
        }
        // Rows of one vector each, against a max of 0 (so each lane computes exp(x)); stride L.
        float[] all = xs.clone();
        VectorMath.expSubInPlace(all, 0, xs.length / L, L, new float[L], 0);
        double worst = 0;
        for (int i = 0; i + L <= xs.length; i += L) {
            for (int l = 0; l < L; l++) {
                float x = xs[i + l];
                float y = all[i + l];
                assertEquals(VectorMath.expNonPositive(x), y, 0f, "scalar twin at " + x);
                double expected = Math.exp(x);
                if (x < -87.5f) {
                    // Below ~1e-38 the result flushes to 0; the softmax never needs such weights.
                    if (!(y >= 0 && y <= 2e-38)) {
                        fail("exp(" + x + ") = " + y);
                    }
                    continue;
                }
                double rel = Math.abs(y - expected) / expected;
                worst = Math.max(worst, rel);
                if (rel > 2e-7) {
                    fail("exp(" + x + ") = " + y + " vs " + expected + " (relative " + rel + ")");
                }
            }
        }
        assertEquals(1f, VectorMath.expNonPositive(0f), 0f);
        assertEquals(0f, VectorMath.expNonPositive(Float.NEGATIVE_INFINITY), 0f);
        System.out.println("expNonPositive worst relative error on [-87.5, 0]: " + worst);
    }

    @Test
    void expSubInPlaceSubtractsEachLanesMaxAndKeepsToItsRows() {
        // Rows of stride 3L starting at offset 5, a different max per lane (NaN and -inf scores included); the
        // floats between the rows must not change.
        java.util.Random rnd = new java.util.Random(9);
        int rows = 7;
        int stride = 3 * L;
        float[] x = new float[5 + rows * stride + L];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 10);
        }
        x[5] = Float.NEGATIVE_INFINITY;
        x[6] = Float.NaN;
        float[] max = new float[L + 2];
        for (int l = 0; l < max.length; l++) {
            max[l] = 30f + l;
        }
        float[] out = x.clone();
        VectorMath.expSubInPlace(out, 5, rows, stride, max, 2);
        for (int i = 0; i < x.length; i++) {
            int rel = i - 5;
            boolean inside = rel >= 0 && rel / stride < rows && rel % stride < L;
            float expected = inside ? VectorMath.expNonPositive(x[i] - max[2 + rel % stride]) : x[i];
            assertEquals(expected, out[i], 0f, "at " + i);
        }
    }
}
