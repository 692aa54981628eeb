package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vectorised transcendental helpers shared by the kernels. */
final class VectorMath {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;

    // erf(x) = x * P(x^2) / Q(x^2) on [-4, 4] (|erf| rounds to 1 in fp32 beyond): the rational minimax form
    // Eigen and TensorFlow use for float erf; measured here within 1e-6 relative of a double erf.
    private static final float A1 = -1.60960333262415e-02f;
    private static final float A3 = -2.95459980854025e-03f;
    private static final float A5 = -7.34990630326855e-04f;
    private static final float A7 = -5.69250639462346e-05f;
    private static final float A9 = -2.10102402082508e-06f;
    private static final float A11 = 2.77068142495902e-08f;
    private static final float A13 = -2.72614225801306e-10f;
    private static final float B0 = -1.42647390514189e-02f;
    private static final float B2 = -7.37332916720468e-03f;
    private static final float B4 = -1.68282697438203e-03f;
    private static final float B6 = -2.13374055278905e-04f;
    private static final float B8 = -1.45660718464996e-05f;
    private static final float SQRT1_2 = 0.70710678118654752f;

    // exp(x) = 2^n * e^r, n = round(x log2 e), r = x - n ln 2 (Cody-Waite split), e^r = 1 + r + r^2 P(r):
    // the Cephes expf polynomial (relative error ~1e-7 on [-ln2/2, ln2/2]).
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float E0 = 1.9875691500e-4f;
    private static final float E1 = 1.3981999507e-3f;
    private static final float E2 = 8.3334519073e-3f;
    private static final float E3 = 4.1665795894e-2f;
    private static final float E4 = 1.6666665459e-1f;
    private static final float E5 = 5.0000001201e-1f;
    /** 1.5 * 2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    /** Below this, n = -127 and the result is 0 (-inf included). */
    private static final float EXP_MIN = -88f;

    private VectorMath() {
    }

    static FloatVector erf(FloatVector v) {
        FloatVector x = clamp(v, -4f, 4f);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(A13, A11);
        p = x2.fma(p, FloatVector.broadcast(S, A9));
        p = x2.fma(p, FloatVector.broadcast(S, A7));
        p = x2.fma(p, FloatVector.broadcast(S, A5));
        p = x2.fma(p, FloatVector.broadcast(S, A3));
        p = x2.fma(p, FloatVector.broadcast(S, A1));
        p = p.mul(x);
        FloatVector q = x2.fma(B8, B6);
        q = x2.fma(q, FloatVector.broadcast(S, B4));
        q = x2.fma(q, FloatVector.broadcast(S, B2));
        q = x2.fma(q, FloatVector.broadcast(S, B0));
        // The rational form overshoots |erf| = 1 by a few ulp near the clamp; GELU's negative tail needs <= 1.
        return clamp(p.div(q), -1f, 1f);
    }

    /**
     * v limited to [lo, hi] by compares and blends. FloatVector.max/min keep Java's rules (NaN wins, -0 < +0),
     * which C2 builds from several instructions on AVX-512 (no single min/max has those rules): GELU with them
     * took 8.6 ns a 16-lane vector, with blends 4.6 (README, *GELU without Java's min/max*). A NaN lane fails
     * both compares and stays NaN, as with max/min; a -0 stays -0, which max(-4)/min(4) also return.
     */
    static FloatVector clamp(FloatVector v, float lo, float hi) {
        FloatVector x = v.blend(lo, v.compare(VectorOperators.LT, lo));
        return x.blend(hi, x.compare(VectorOperators.GT, hi));
    }

    /**
     * exp(x) for x <= 0 (softmax arguments, -inf included, which gives 0). Results below ~1e-38 flush to 0.
     * Inline and branch-free, unlike the library's {@code VectorOperators.EXP} (an out-of-line call per vector).
     */
    static FloatVector expNonPositive(FloatVector v) {
        FloatVector x = v.blend(EXP_MIN, v.compare(VectorOperators.LT, EXP_MIN));
        FloatVector t = x.fma(LOG2E, ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(E0, E1);
        p = r.fma(p, FloatVector.broadcast(S, E2));
        p = r.fma(p, FloatVector.broadcast(S, E3));
        p = r.fma(p, FloatVector.broadcast(S, E4));
        p = r.fma(p, FloatVector.broadcast(S, E5));
        FloatVector e = r.mul(r).fma(p, r.add(1f));
        // bits(t) = bits(ROUND) + n, and bits(ROUND) << 23 == 0 (mod 2^32): the exponent field is n + 127.
        FloatVector pow2 = t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return e.mul(pow2);
    }

    /** Scalar twin of {@link #expNonPositive(FloatVector)} (same steps), for tests. */
    static float expNonPositive(float v) {
        float x = Math.max(v, EXP_MIN);
        float t = Math.fma(x, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, E0, E1);
        p = Math.fma(r, p, E2);
        p = Math.fma(r, p, E3);
        p = Math.fma(r, p, E4);
        p = Math.fma(r, p, E5);
        float e = Math.fma(r * r, p, r + 1f);
        return e * Float.intBitsToFloat((Float.floatToRawIntBits(t) + 127) << 23);
    }

    /** Exact (erf) GELU: 0.5 x (1 + erf(x / sqrt 2)). */
    static FloatVector gelu(FloatVector x) {
        FloatVector e = erf(x.mul(SQRT1_2));
        return x.mul(0.5f).fma(e, x.mul(0.5f));
    }

    /** Scalar twin of {@link #erf(FloatVector)} with the same polynomial, for loop tails. */
    static float erf(float v) {
        float x = Math.min(Math.max(v, -4f), 4f);
        float x2 = x * x;
        float p = Math.fma(x2, A13, A11);
        p = Math.fma(x2, p, A9);
        p = Math.fma(x2, p, A7);
        p = Math.fma(x2, p, A5);
        p = Math.fma(x2, p, A3);
        p = Math.fma(x2, p, A1);
        p = p * x;
        float q = Math.fma(x2, B8, B6);
        q = Math.fma(x2, q, B4);
        q = Math.fma(x2, q, B2);
        q = Math.fma(x2, q, B0);
        return Math.min(Math.max(p / q, -1f), 1f);
    }

    static float gelu(float x) {
        float h = 0.5f * x;
        return Math.fma(h, erf(x * SQRT1_2), h);
    }
}
