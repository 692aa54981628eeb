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

/** BertOutput: LayerNorm(dense(intermediate) + attention output), intermediate -> hidden. */
final class BertOutput {
    private final Linear dense;
    private final LayerNormWeights layerNorm;

    private BertOutput(Linear dense, LayerNormWeights layerNorm) {
        this.dense = dense;
        this.layerNorm = layerNorm;
    }

    static BertOutput load(Weights w, ModelConfig c) throws ModelFormatException {
        return new BertOutput(Linear.load(w.at("dense"), c.hiddenSize(), c.intermediateSize()),
                LayerNormWeights.load(w.at("LayerNorm"), c.hiddenSize(), c.layerNormEps()));
    }

    void forward(KernelPool pool, Workspace ws, float[] intermediate, float[] input, float[] out) {
        long t = ws.clock();
        dense.forward(pool, ws.linearInput(intermediate, dense.in(), true), ws.tokens, Epilogue.BIAS_RESIDUAL, input, out);
        t = ws.lap(ForwardOp.FFN_DOWN, t);
        layerNorm.applyInPlace(pool, out, ws.tokens);
        ws.lap(ForwardOp.LAYER_NORM, t);
    }
}
