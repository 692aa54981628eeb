package io.github.distilbertj.model.bert;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.Linear;
import io.github.distilbertj.model.weights.Weights;

/** BertPooler: tanh(dense(hidden state of [CLS])); the input of BERT's sequence classifier. */
public final class BertPooler {
    private final Linear dense;

    private BertPooler(Linear dense) {
        this.dense = dense;
    }

    static BertPooler load(Weights w, ModelConfig c) throws ModelFormatException {
        return new BertPooler(Linear.load(w.at("dense"), c.hiddenSize(), c.hiddenSize()));
    }

    /** cls [rows, hidden] -> out [rows, hidden]. */
    public void forward(KernelPool pool, float[] cls, int rows, float[] out) {
        dense.forward(pool, cls, rows, Epilogue.BIAS, null, out);
        for (int i = 0; i < rows * dense.out(); i++) {
            out[i] = (float) Math.tanh(out[i]);
        }
    }
}
