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

    // The vector routines below take and return arrays, never vectors, and have their polynomials written out in
    // the loop body: a FloatVector-valued helper that C2 declines to inline boxes every vector it passes, and C2
    // declines more often than one would think (its caller grew past NodeCountInliningCutoff, or the helper was
    // already "compiled into a medium method" on its own). With such helpers the attention of a MiniLM forward
    // pass took 3.7 ms in one JVM and 7.5 or 38 ms in others (README, *Vector helpers without vectors*).
    // Clamps use a compare and a blend: FloatVector.max/min keep Java's NaN and signed-zero rules, which C2 builds
    // from several instructions on AVX-512 (GELU 8.5 vs 4.6 ns a 16-lane vector); for the constants used here the
    // result is the same bit for bit (a NaN lane fails both compares and stays NaN; -0 stays -0).

    /** x = 0.5 x (1 + erf(x / sqrt 2)) for x[off .. off+len), exact erf GELU as torch.nn.functional.gelu. */
    static void geluInPlace(float[] xs, int off, int len) {
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, xs, off + i);
            FloatVector x = v.mul(SQRT1_2);
            x = x.blend(-4f, x.compare(VectorOperators.LT, -4f));
            x = x.blend(4f, x.compare(VectorOperators.GT, 4f));
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
            FloatVector e = p.div(q);
            e = e.blend(-1f, e.compare(VectorOperators.LT, -1f));
            e = e.blend(1f, e.compare(VectorOperators.GT, 1f));
            FloatVector h = v.mul(0.5f);
            h.fma(e, h).intoArray(xs, off + i);
        }
        for (; i < len; i++) {
            xs[off + i] = gelu(xs[off + i]);
        }
    }

    /**
     * x[at + r*stride + lane] = exp(x[at + r*stride + lane] - max[maxOff + lane]) for r < rows and one vector of
     * lanes, where every difference is <= 0 (softmax arguments; -inf gives 0, results below ~1e-38 flush to 0).
     * The exp is the Cephes form described at the constants; inline and branch-free, unlike the library's
     * {@code VectorOperators.EXP} (an out-of-line call per vector).
     */
    static void expSubInPlace(float[] xs, int at, int rows, int stride, float[] max, int maxOff) {
        FloatVector m = FloatVector.fromArray(S, max, maxOff);
        for (int r = 0, o = at; r < rows; r++, o += stride) {
            FloatVector x = FloatVector.fromArray(S, xs, o).sub(m);
            x = x.blend(EXP_MIN, x.compare(VectorOperators.LT, EXP_MIN));
            FloatVector t = x.fma(LOG2E, ROUND);
            FloatVector n = t.sub(ROUND);
            FloatVector f = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
            f = n.fma(FloatVector.broadcast(S, -LN2_LO), f);
            FloatVector p = f.fma(E0, E1);
            p = f.fma(p, FloatVector.broadcast(S, E2));
            p = f.fma(p, FloatVector.broadcast(S, E3));
            p = f.fma(p, FloatVector.broadcast(S, E4));
            p = f.fma(p, FloatVector.broadcast(S, E5));
            FloatVector e = f.mul(f).fma(p, f.add(1f));
            // bits(t) = bits(ROUND) + n, and bits(ROUND) << 23 == 0 (mod 2^32): the exponent field is n + 127.
            FloatVector pow2 = t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            e.mul(pow2).intoArray(xs, o);
        }
    }

    /** Scalar twin of {@link #expSubInPlace} (same steps) on x - max, for tests. */
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

    /** The erf of {@link #geluInPlace}, scalar, with the same polynomial: loop tails and tests. */
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

    /** Scalar twin of {@link #geluInPlace}: loop tails and tests. */
    static float gelu(float x) {
        float h = 0.5f * x;
        return Math.fma(h, erf(x * SQRT1_2), h);
    }
}
