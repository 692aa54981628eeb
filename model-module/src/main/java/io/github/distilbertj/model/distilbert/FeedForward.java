package io.github.distilbertj.model.distilbert;

import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.Activation;
import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.Linear;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.Weights;

/** DistilBERT's {@code ffn}: lin1 (dim -> hidden_dim) + activation, lin2 (hidden_dim -> dim). */
final class FeedForward {
    private final Linear lin1;
    private final Linear lin2;
    private final Activation activation;

    private FeedForward(Linear lin1, Linear lin2, Activation activation) {
        this.lin1 = lin1;
        this.lin2 = lin2;
        this.activation = activation;
    }

    static FeedForward load(Weights w, ModelConfig c) throws ModelFormatException {
        return new FeedForward(Linear.load(w.at("lin1"), c.intermediateSize(), c.hiddenSize()),
                Linear.load(w.at("lin2"), c.hiddenSize(), c.intermediateSize()), c.activation());
    }

    /** out = lin2(act(lin1(x))) + x, the residual added in the GEMM epilogue. */
    void forward(KernelPool pool, float[] x, Workspace ws, int tokens, float[] out) {
        long t = ws.clock();
        lin1.forward(pool, ws.linearInput(x, lin1.in(), false), tokens, activation.epilogue(), null, ws.intermediateStates);
        t = ws.lap(ForwardOp.FFN_UP, t);
        lin2.forward(pool, ws.linearInput(ws.intermediateStates, lin2.in(), true), tokens, Epilogue.BIAS_RESIDUAL, x, out);
        ws.lap(ForwardOp.FFN_DOWN, t);
    }
}
