package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise activations, in place, vectorised (exact erf GELU as torch.nn.functional.gelu). */
public final class Activations {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();

    private Activations() {
    }

    /** x = 0.5 x (1 + erf(x / sqrt 2)) for x[off .. off+len). */
    public static void gelu(float[] x, int off, int len) {
        Checks.nonNegative("len", len);
        Checks.vector("x", x, off, len);
        VectorMath.geluInPlace(x, off, len);
    }

    /** x = max(0, x) for x[off .. off+len). */
    public static void relu(float[] x, int off, int len) {
        Checks.nonNegative("len", len);
        Checks.vector("x", x, off, len);
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += L) {
            FloatVector.fromArray(S, x, off + i).max(0f).intoArray(x, off + i);
        }
        for (; i < len; i++) {
            x[off + i] = Math.max(0f, x[off + i]);
        }
    }
}
