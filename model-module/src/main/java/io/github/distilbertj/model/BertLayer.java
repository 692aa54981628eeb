package io.github.distilbertj.model;

import io.github.distilbertj.kernels.KernelPool;

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
        int tokens = ws.tokens;
        attention.forward(pool, ws.hiddenStates, ws);
        intermediate.forward(pool, ws.attentionOutput, tokens, ws.intermediateStates);
        output.forward(pool, ws.intermediateStates, ws.attentionOutput, tokens, ws.hiddenStates);
    }
}
