package io.github.distilbertj.model;

import io.github.distilbertj.kernels.KernelPool;

/** BertModel: {@code embeddings}, {@code encoder} and, when the checkpoint has one, {@code pooler}. */
final class BertModel implements TransformerEncoder {
    private final ModelConfig config;
    private final BertEmbeddings embeddings;
    private final BertEncoder encoder;
    private final BertPooler pooler;

    private BertModel(ModelConfig config, BertEmbeddings embeddings, BertEncoder encoder, BertPooler pooler) {
        this.config = config;
        this.embeddings = embeddings;
        this.encoder = encoder;
        this.pooler = pooler;
    }

    /** {@code w} resolves names with or without the {@code bert.} prefix. */
    static BertModel load(Weights w, ModelConfig c) throws ModelFormatException {
        BertPooler pooler = w.has("pooler.dense.weight") ? BertPooler.load(w.at("pooler"), c) : null;
        return new BertModel(c, BertEmbeddings.load(w.at("embeddings"), c), BertEncoder.load(w.at("encoder"), c), pooler);
    }

    /** Null when the checkpoint has no pooler (sentence-transformers exports often drop it). */
    BertPooler pooler() {
        return pooler;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public EmbeddingTable wordEmbeddings() {
        return embeddings.wordEmbeddings();
    }

    @Override
    public void forward(KernelPool pool, Workspace ws) {
        embeddings.forward(pool, ws);
        encoder.forward(pool, ws);
    }
}
