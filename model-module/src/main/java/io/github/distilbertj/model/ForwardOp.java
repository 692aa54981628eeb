package io.github.distilbertj.model;

/** The parts of a forward pass that a profiled run times separately (see {@link Encoder#profileForward}). */
public enum ForwardOp {
    /** Word/position/type lookups and the embedding LayerNorm. */
    EMBEDDINGS,
    /** The fused Q, K, V projection (one GEMM). */
    QKV_PROJECTION,
    /** Scaled dot-product attention over every sequence and head. */
    ATTENTION,
    /** The attention output projection with its residual. */
    ATTENTION_OUTPUT,
    /** The two LayerNorms of each layer. */
    LAYER_NORM,
    /** The feed-forward up projection with its activation. */
    FFN_UP,
    /** The feed-forward down projection with its residual. */
    FFN_DOWN,
    /** Pooling and L2 normalisation of the embeddings. */
    POOLING
}
