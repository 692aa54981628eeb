package io.github.distilbertj.model.bert;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.LayerNormWeights;
import io.github.distilbertj.model.layers.Linear;
import io.github.distilbertj.model.weights.Weights;

/** BertSelfOutput ({@code attention.output}): LayerNorm(dense(context) + input). */
final class BertSelfOutput {
    private final Linear dense;
    private final LayerNormWeights layerNorm;

    private BertSelfOutput(Linear dense, LayerNormWeights layerNorm) {
        this.dense = dense;
        this.layerNorm = layerNorm;
    }

    static BertSelfOutput load(Weights w, ModelConfig c) throws ModelFormatException {
        int h = c.hiddenSize();
        return new BertSelfOutput(Linear.load(w.at("dense"), h, h),
                LayerNormWeights.load(w.at("LayerNorm"), h, c.layerNormEps()));
    }

    void forward(KernelPool pool, float[] context, float[] input, int tokens, float[] out) {
        dense.forward(pool, context, tokens, Epilogue.BIAS_RESIDUAL, input, out);
        layerNorm.applyInPlace(pool, out, tokens);
    }
}
