package io.github.distilbertj.model;

import io.github.distilbertj.kernels.KernelPool;

/** The base encoder of a checkpoint: ids in ws -> last hidden state in ws.hiddenStates. */
sealed interface TransformerEncoder permits DistilBertModel, BertModel {

    ModelConfig config();

    /** The word-embedding table (tied MLM projectors read it). */
    EmbeddingTable wordEmbeddings();

    /**
     * Runs the batch held in ws: ids / typeIds / mask over the ws.tokens concatenated tokens of ws.sequences
     * sequences (sequence b is rows [starts[b], starts[b+1])), and leaves the last hidden state
     * [tokens, hidden] in ws.hiddenStates.
     */
    void forward(KernelPool pool, Workspace ws);
}
