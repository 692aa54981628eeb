package io.github.distilbertj.model.bert;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.MultiHeadSelfAttention;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.Weights;

/** BertAttention: {@code self} (BertSelfAttention: query, key, value) and {@code output}. */
final class BertAttention {
    private final MultiHeadSelfAttention self;
    private final BertSelfOutput output;

    private BertAttention(MultiHeadSelfAttention self, BertSelfOutput output) {
        this.self = self;
        this.output = output;
    }

    static BertAttention load(Weights w, ModelConfig c) throws ModelFormatException {
        return new BertAttention(MultiHeadSelfAttention.loadBert(w.at("self"), c.hiddenSize(), c.numHeads()),
                BertSelfOutput.load(w.at("output"), c));
    }

    /** ws.attentionOutput = LayerNorm(dense(attention(x)) + x). */
    void forward(KernelPool pool, float[] x, Workspace ws) {
        self.context(pool, x, ws);
        output.forward(pool, ws, ws.context, x, ws.attentionOutput);
    }
}
