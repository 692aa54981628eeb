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
        float[] xs = grid();
        float[] out = new float[L];
        double worst = 0;
        for (int i = 0; i + L <= xs.length; i += L) {
            VectorMath.erf(FloatVector.fromArray(VectorWidth.SPECIES, xs, i)).intoArray(out, 0);
            for (int l = 0; l < L; l++) {
                double x = xs[i + l];
                double expected = ReferenceKernels.erf(x);
                double rel = Math.abs(out[l] - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
                worst = Math.max(worst, rel);
                if (rel > 1e-6) {
                    fail("erf(" + x + ") = " + out[l] + ", expected " + expected + " (relative error " + rel + ")");
                }
                float scalar = VectorMath.erf(xs[i + l]);
                if (Math.abs(scalar - expected) > 1e-6 * Math.abs(expected)) {
                    fail("scalar erf(" + x + ") = " + scalar + ", expected " + expected);
                }
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
        float[] out = new float[L];
        for (int i = 0; i + L <= xs.length; i += L) {
            VectorMath.gelu(FloatVector.fromArray(VectorWidth.SPECIES, xs, i)).intoArray(out, 0);
            for (int l = 0; l < L; l++) {
                double expected = ReferenceKernels.gelu(xs[i + l]);
                // 1 + erf cancels for very negative x in fp32 (as in PyTorch's erff GELU): erf's few-ulp error near -1,
                // times x/2, is an absolute error; 2e-7|x| is ~3 ulp of erf.
                double tol = 1e-6 * Math.abs(expected) + 2e-7 * Math.abs(xs[i + l]) + 1e-30;
                if (Math.abs(out[l] - expected) > tol) {
                    fail("gelu(" + xs[i + l] + ") = " + out[l] + ", expected " + expected);
                }
            }
        }
    }

    @Test
    void clampFollowsMathMinMaxOnEveryLaneIncludingNaNAndSignedZero() {
        float[] specials = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -4f, 4f,
            Math.nextDown(-4f), Math.nextUp(4f), -1f, 1f, Math.nextUp(1f), Math.nextDown(-1f), -Float.MAX_VALUE,
            Float.MIN_VALUE, -Float.MIN_VALUE, 3.99f, -3.99f};
        float[] xs = new float[(specials.length + L - 1) / L * L + 1000 * L];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i < specials.length ? specials[i] : (float) (rnd.nextGaussian() * 5);
        }
        float[] out = new float[L];
        for (float[] range : new float[][] {{-4f, 4f}, {-1f, 1f}, {-88f, Float.MAX_VALUE}}) {
            for (int i = 0; i + L <= xs.length; i += L) {
                VectorMath.clamp(FloatVector.fromArray(VectorWidth.SPECIES, xs, i), range[0], range[1]).intoArray(out, 0);
                for (int l = 0; l < L; l++) {
                    float expected = Math.min(Math.max(xs[i + l], range[0]), range[1]);
                    // Bit for bit: -0 stays -0 and NaN stays NaN, as with Math.max/min.
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[l]),
                            "clamp(" + xs[i + l] + ", " + range[0] + ", " + range[1] + ")");
                }
            }
        }
    }

    @Test
    void geluMatchesItsScalarTwinBitForBit() {
        float[] grid = grid();
        float[] xs = java.util.Arrays.copyOf(grid, grid.length + 2 * L);
        float[] specials = {Float.NaN, -0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 4f * 1.41421356f,
            -4f * 1.41421356f, 1e30f, -1e30f};
        System.arraycopy(specials, 0, xs, grid.length, specials.length);
        float[] out = new float[L];
        for (int i = 0; i + L <= xs.length; i += L) {
            VectorMath.gelu(FloatVector.fromArray(VectorWidth.SPECIES, xs, i)).intoArray(out, 0);
            for (int l = 0; l < L; l++) {
                assertEquals(Float.floatToIntBits(VectorMath.gelu(xs[i + l])), Float.floatToIntBits(out[l]),
                        "gelu(" + xs[i + l] + ")");
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
        float[] out = new float[L];
        double worst = 0;
        for (int i = 0; i + L <= xs.length; i += L) {
            VectorMath.expNonPositive(FloatVector.fromArray(VectorWidth.SPECIES, xs, i)).intoArray(out, 0);
            for (int l = 0; l < L; l++) {
                float x = xs[i + l];
                assertEquals(VectorMath.expNonPositive(x), out[l], 0f, "scalar twin at " + x);
                double expected = Math.exp(x);
                if (x < -87.5f) {
                    // Below ~1e-38 the result flushes to 0; the softmax never needs such weights.
                    if (!(out[l] >= 0 && out[l] <= 2e-38)) {
                        fail("exp(" + x + ") = " + out[l]);
                    }
                    continue;
                }
                double rel = Math.abs(out[l] - expected) / expected;
                worst = Math.max(worst, rel);
                if (rel > 2e-7) {
                    fail("exp(" + x + ") = " + out[l] + " vs " + expected + " (relative " + rel + ")");
                }
            }
        }
        assertEquals(1f, VectorMath.expNonPositive(0f), 0f);
        assertEquals(0f, VectorMath.expNonPositive(Float.NEGATIVE_INFINITY), 0f);
        System.out.println("expNonPositive worst relative error on [-87.5, 0]: " + worst);
    }
}
