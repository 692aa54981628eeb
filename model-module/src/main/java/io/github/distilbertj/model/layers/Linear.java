package io.github.distilbertj.model.layers;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.Sgemm;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.weights.Weights;

/** nn.Linear: y = x W^T + b, with W packed once at load. Rows of x and y are contiguous. */
public record Linear(PackedWeights weight, float[] bias) {

    /** Loads {@code weight} [out, in] and {@code bias} [out] from the module at {@code w}. */
    public static Linear load(Weights w, int out, int in) throws ModelFormatException {
        return new Linear(w.linear("weight", out, in), w.vector("bias", out));
    }

    public int out() {
        return weight.n();
    }

    public int in() {
        return weight.k();
    }

    /** y[m, out] = epilogue(x[m, in] W^T + b [+ residual]); residual rows are [m, out]. */
    public void forward(KernelPool pool, float[] x, int m, Epilogue epilogue, float[] residual, float[] y) {
        Sgemm.linear(pool, x, 0, in(), m, weight, bias, epilogue, residual, 0, out(), y, 0, out());
    }
}
