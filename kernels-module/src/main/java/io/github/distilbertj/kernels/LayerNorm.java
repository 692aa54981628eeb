package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Row-wise layer normalisation, two-pass (mean, then centred variance) with fp32 accumulation. */
public final class LayerNorm {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();
    /** Below this many elements a second thread costs more than it saves. */
    private static final int PARALLEL_MIN_ELEMENTS = 1 << 15;

    private LayerNorm() {
    }

    /** Each of `rows` rows of length `cols` (stride ld for both x and out): (x-mean)/sqrt(var+eps)*gamma+beta. out may equal x. */
    public static void apply(KernelPool pool, float[] x, int xOff, int ld, int rows, int cols,
                             float[] gamma, float[] beta, float eps, float[] out, int outOff) {
        Checks.pool(pool);
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        Checks.leadingDim("ld", ld, cols);
        Checks.matrix("x", x, xOff, ld, rows, cols);
        Checks.matrix("out", out, outOff, ld, rows, cols);
        Checks.vector("gamma", gamma, 0, cols);
        Checks.vector("beta", beta, 0, cols);
        if (!(eps >= 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and >= 0, got " + eps);
        }
        if (pool.threads() == 1 || (long) rows * cols < PARALLEL_MIN_ELEMENTS) {
            for (int r = 0; r < rows; r++) {
                row(x, xOff + r * ld, cols, gamma, beta, eps, out, outOff + r * ld);
            }
            return;
        }
        int tasks = Math.min(rows, pool.threads() * 4);
        int per = (rows + tasks - 1) / tasks;
        int taskCount = (rows + per - 1) / per;
        pool.parallelFor(taskCount, t -> {
            int r1 = Math.min(rows, (t + 1) * per);
            for (int r = t * per; r < r1; r++) {
                row(x, xOff + r * ld, cols, gamma, beta, eps, out, outOff + r * ld);
            }
        });
    }

    static void row(float[] x, int xi, int cols, float[] gamma, float[] beta, float eps, float[] out, int oi) {
        int upper = S.loopBound(cols);
        FloatVector vs = FloatVector.zero(S);
        int j = 0;
        for (; j < upper; j += L) {
            vs = vs.add(FloatVector.fromArray(S, x, xi + j));
        }
        float sum = vs.reduceLanes(VectorOperators.ADD);
        for (; j < cols; j++) {
            sum += x[xi + j];
        }
        float mean = sum / cols;
        FloatVector vq = FloatVector.zero(S);
        j = 0;
        for (; j < upper; j += L) {
            FloatVector d = FloatVector.fromArray(S, x, xi + j).sub(mean);
            vq = d.fma(d, vq);
        }
        float sq = vq.reduceLanes(VectorOperators.ADD);
        for (; j < cols; j++) {
            float d = x[xi + j] - mean;
            sq += d * d;
        }
        float inv = (float) (1.0 / Math.sqrt(sq / cols + eps));
        j = 0;
        for (; j < upper; j += L) {
            FloatVector d = FloatVector.fromArray(S, x, xi + j).sub(mean).mul(inv);
            d.fma(FloatVector.fromArray(S, gamma, j), FloatVector.fromArray(S, beta, j)).intoArray(out, oi + j);
        }
        for (; j < cols; j++) {
            out[oi + j] = (x[xi + j] - mean) * inv * gamma[j] + beta[j];
        }
    }
}
