package io.github.distilbertj.model.layers;

import io.github.distilbertj.model.ForwardOp;

import io.github.distilbertj.kernels.Attention;
import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.Sgemm;
import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.weights.Weights;

/**
 * DistilBERT's {@code attention}: q_lin, k_lin, v_lin, out_lin. The three input projections are
 * packed into one [3 * dim, dim] matrix so a single GEMM produces Q, K and V side by side.
 * BERT's BertSelfAttention reuses this computation with its own names (query, key, value).
 */
public final class MultiHeadSelfAttention {
    private final PackedWeights qkv;
    private final float[] qkvBias;
    private final int dim;
    private final int heads;

    MultiHeadSelfAttention(Linear q, Linear k, Linear v, int heads) {
        this.qkv = PackedWeights.concatRows(q.weight(), k.weight(), v.weight());
        this.dim = q.out();
        this.heads = heads;
        this.qkvBias = new float[3 * dim];
        System.arraycopy(q.bias(), 0, qkvBias, 0, dim);
        System.arraycopy(k.bias(), 0, qkvBias, dim, dim);
        System.arraycopy(v.bias(), 0, qkvBias, 2 * dim, dim);
    }

    /** Loads {@code q_lin, k_lin, v_lin} of a DistilBERT block; {@code out_lin} is loaded by the caller. */
    public static MultiHeadSelfAttention loadDistilBert(Weights w, int dim, int heads) throws ModelFormatException {
        return new MultiHeadSelfAttention(Linear.load(w.at("q_lin"), dim, dim),
                Linear.load(w.at("k_lin"), dim, dim), Linear.load(w.at("v_lin"), dim, dim), heads);
    }

    /** Loads BertSelfAttention ({@code attention.self}): query, key, value. */
    public static MultiHeadSelfAttention loadBert(Weights w, int dim, int heads) throws ModelFormatException {
        return new MultiHeadSelfAttention(Linear.load(w.at("query"), dim, dim),
                Linear.load(w.at("key"), dim, dim), Linear.load(w.at("value"), dim, dim), heads);
    }

    /**
     * Writes the attention context [tokens, dim] of x into ws.context: the projections run over all the batch's
     * tokens at once, attention over each sequence on its own length (no padding anywhere).
     */
    public void context(KernelPool pool, float[] x, Workspace ws) {
        int tokens = ws.tokens;
        long t = ws.clock();
        Sgemm.linear(pool, ws.linearInput(x, dim, false), 0, dim, tokens, qkv, qkvBias, Epilogue.BIAS, null, 0, 0, ws.qkv, 0, 3 * dim);
        t = ws.lap(ForwardOp.QKV_PROJECTION, t);
        int headDim = dim / heads;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        Attention.computeVarlen(pool, ws.qkv, 0, ws.qkv, dim, ws.qkv, 2 * dim, 3 * dim,
                ws.starts, ws.sequences, heads, headDim, scale, ws.mask, ws.context, 0, dim);
        ws.lap(ForwardOp.ATTENTION, t);
    }
}
