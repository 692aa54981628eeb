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
     * Runs the padded batch held in ws.ids / ws.typeIds / ws.mask ([batch * seq] each) and leaves
     * the last hidden state [batch * seq, hidden] in ws.hiddenStates.
     */
    void forward(KernelPool pool, Workspace ws, int batch, int seq);
}
