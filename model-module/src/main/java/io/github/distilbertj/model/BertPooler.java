package io.github.distilbertj.model;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;

/** BertPooler: tanh(dense(hidden state of [CLS])); the input of BERT's sequence classifier. */
final class BertPooler {
    private final Linear dense;

    private BertPooler(Linear dense) {
        this.dense = dense;
    }

    static BertPooler load(Weights w, ModelConfig c) throws ModelFormatException {
        return new BertPooler(Linear.load(w.at("dense"), c.hiddenSize(), c.hiddenSize()));
    }

    /** cls [rows, hidden] -> out [rows, hidden]. */
    void forward(KernelPool pool, float[] cls, int rows, float[] out) {
        dense.forward(pool, cls, rows, Epilogue.BIAS, null, out);
        for (int i = 0; i < rows * dense.out(); i++) {
            out[i] = (float) Math.tanh(out[i]);
        }
    }
}
