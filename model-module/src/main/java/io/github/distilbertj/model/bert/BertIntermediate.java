package io.github.distilbertj.model.bert;

import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.Activation;
import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.Linear;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.Weights;

/** BertIntermediate: activation(dense(x)), hidden -> intermediate size. */
final class BertIntermediate {
    private final Linear dense;
    private final Activation activation;

    private BertIntermediate(Linear dense, Activation activation) {
        this.dense = dense;
        this.activation = activation;
    }

    static BertIntermediate load(Weights w, ModelConfig c) throws ModelFormatException {
        return new BertIntermediate(Linear.load(w.at("dense"), c.intermediateSize(), c.hiddenSize()), c.activation());
    }

    void forward(KernelPool pool, Workspace ws, float[] x, float[] out) {
        long t = ws.clock();
        dense.forward(pool, ws.linearInput(x, dense.in(), false), ws.tokens, activation.epilogue(), null, out);
        ws.lap(ForwardOp.FFN_UP, t);
    }
}
