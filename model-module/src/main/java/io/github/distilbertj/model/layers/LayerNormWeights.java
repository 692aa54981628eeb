package io.github.distilbertj.model.layers;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.LayerNorm;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.weights.Weights;

/** nn.LayerNorm over the last dimension: gamma ("weight"), beta ("bias") and eps. */
public record LayerNormWeights(float[] gamma, float[] beta, float eps) {

    public static LayerNormWeights load(Weights w, int size, float eps) throws ModelFormatException {
        return new LayerNormWeights(w.vector("weight", size), w.vector("bias", size), eps);
    }

    /** Normalises {@code rows} contiguous rows of x in place. */
    public void applyInPlace(KernelPool pool, float[] x, int rows) {
        int cols = gamma.length;
        LayerNorm.apply(pool, x, 0, cols, rows, cols, gamma, beta, eps, x, 0);
    }
}
