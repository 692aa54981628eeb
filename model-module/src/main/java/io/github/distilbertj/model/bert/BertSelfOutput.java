package io.github.distilbertj.model.bert;

import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.LayerNormWeights;
import io.github.distilbertj.model.layers.Linear;
import io.github.distilbertj.model.layers.Workspace;
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

    void forward(KernelPool pool, Workspace ws, float[] context, float[] input, float[] out) {
        long t = ws.clock();
        dense.forward(pool, ws.linearInput(context, dense.in(), true), ws.tokens, Epilogue.BIAS_RESIDUAL, input, out);
        t = ws.lap(ForwardOp.ATTENTION_OUTPUT, t);
        layerNorm.applyInPlace(pool, out, ws.tokens);
        ws.lap(ForwardOp.LAYER_NORM, t);
    }
}
