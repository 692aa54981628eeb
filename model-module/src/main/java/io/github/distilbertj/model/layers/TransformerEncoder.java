package io.github.distilbertj.model.layers;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.weights.EmbeddingTable;

/** The base encoder of a checkpoint: ids in ws -> last hidden state in ws.hiddenStates. */
public interface TransformerEncoder {

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
