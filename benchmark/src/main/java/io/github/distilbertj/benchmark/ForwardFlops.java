package io.github.distilbertj.benchmark;

/**
 * Floating-point operations of one transformer-encoder forward pass, from the shapes alone:
 * 2·M·N·K for every Linear (Q, K, V, output projection, two FFN layers) plus the attention
 * products QKᵀ and PV (each 2·batch·seq²·hidden summed over the heads). LayerNorm, softmax,
 * GELU and the embeddings are left out: they are O(tokens·hidden), under 1% of the total here.
 */
public final class ForwardFlops {

    private ForwardFlops() {
    }

    public static double of(int batch, int seq, int hidden, int intermediate, int layers) {
        double tokens = (double) batch * seq;
        double linears = 2 * tokens * hidden * hidden * 4 + 2 * tokens * hidden * intermediate * 2;
        double attention = 2 * (2.0 * batch * seq * seq * hidden);
        return layers * (linears + attention);
    }

    /** DistilBERT-base: hidden 768, FFN 3072, 6 layers. */
    public static double distilBertBase(int batch, int seq) {
        return of(batch, seq, 768, 3072, 6);
    }
}
