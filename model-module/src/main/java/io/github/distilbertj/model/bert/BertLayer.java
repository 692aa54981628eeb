package io.github.distilbertj.model.bert;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.Weights;

/** BertLayer ({@code encoder.layer.N}): attention, intermediate, output. */
final class BertLayer {
    private final BertAttention attention;
    private final BertIntermediate intermediate;
    private final BertOutput output;

    private BertLayer(BertAttention attention, BertIntermediate intermediate, BertOutput output) {
        this.attention = attention;
        this.intermediate = intermediate;
        this.output = output;
    }

    static BertLayer load(Weights w, ModelConfig c) throws ModelFormatException {
        return new BertLayer(BertAttention.load(w.at("attention"), c),
                BertIntermediate.load(w.at("intermediate"), c), BertOutput.load(w.at("output"), c));
    }

    /** Transforms ws.hiddenStates in place. */
    void forward(KernelPool pool, Workspace ws) {
        attention.forward(pool, ws.hiddenStates, ws);
        intermediate.forward(pool, ws, ws.attentionOutput, ws.intermediateStates);
        output.forward(pool, ws, ws.intermediateStates, ws.attentionOutput, ws.hiddenStates);
    }
}
