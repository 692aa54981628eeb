package io.github.distilbertj.model;

import io.github.distilbertj.kernels.KernelPool;

/** The base encoder of a checkpoint: ids in ws -> last hidden state in ws.hiddenStates. */
sealed interface TransformerEncoder permits DistilBertModel, BertModel {

    ModelConfig config();

    /** The word-embedding table (tied MLM projectors read it). */
    EmbeddingTable wordEmbeddings();

    /**
     * Runs the padded batch held in ws.ids / ws.typeIds / ws.mask ([batch * seq] each) and leaves
     * the last hidden state [batch * seq, hidden] in ws.hiddenStates.
     */
    void forward(KernelPool pool, Workspace ws, int batch, int seq);
}
