package io.github.distilbertj.model.distilbert;

import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.LayerNormWeights;
import io.github.distilbertj.model.layers.Linear;
import io.github.distilbertj.model.layers.MultiHeadSelfAttention;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.Weights;

/**
 * One DistilBERT layer ({@code transformer.layer.N}): attention, sa_layer_norm(attn + x),
 * ffn, output_layer_norm(ffn + sa). Residual additions ride on the GEMM epilogues.
 */
final class TransformerBlock {
    private final MultiHeadSelfAttention attention;
    private final Linear outLin;
    private final LayerNormWeights saLayerNorm;
    private final FeedForward ffn;
    private final LayerNormWeights outputLayerNorm;

    private TransformerBlock(MultiHeadSelfAttention attention, Linear outLin, LayerNormWeights saLayerNorm,
                             FeedForward ffn, LayerNormWeights outputLayerNorm) {
        this.attention = attention;
        this.outLin = outLin;
        this.saLayerNorm = saLayerNorm;
        this.ffn = ffn;
        this.outputLayerNorm = outputLayerNorm;
    }

    static TransformerBlock load(Weights w, ModelConfig c) throws ModelFormatException {
        int dim = c.hiddenSize();
        Weights att = w.at("attention");
        return new TransformerBlock(
                MultiHeadSelfAttention.loadDistilBert(att, dim, c.numHeads()),
                Linear.load(att.at("out_lin"), dim, dim),
                LayerNormWeights.load(w.at("sa_layer_norm"), dim, c.layerNormEps()),
                FeedForward.load(w.at("ffn"), c),
                LayerNormWeights.load(w.at("output_layer_norm"), dim, c.layerNormEps()));
    }

    /** Transforms ws.hiddenStates [tokens, dim] in place. */
    void forward(KernelPool pool, Workspace ws) {
        int tokens = ws.tokens;
        float[] x = ws.hiddenStates;
        attention.context(pool, x, ws);
        long t = ws.clock();
        outLin.forward(pool, ws.linearInput(ws.context, outLin.in(), true), tokens, Epilogue.BIAS_RESIDUAL, x, ws.attentionOutput);
        t = ws.lap(ForwardOp.ATTENTION_OUTPUT, t);
        saLayerNorm.applyInPlace(pool, ws.attentionOutput, tokens);
        ws.lap(ForwardOp.LAYER_NORM, t);
        ffn.forward(pool, ws.attentionOutput, ws, tokens, x);
        t = ws.clock();
        outputLayerNorm.applyInPlace(pool, x, tokens);
        ws.lap(ForwardOp.LAYER_NORM, t);
    }
}
