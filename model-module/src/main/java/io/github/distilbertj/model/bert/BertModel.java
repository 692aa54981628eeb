package io.github.distilbertj.model.bert;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.TransformerEncoder;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.EmbeddingTable;
import io.github.distilbertj.model.weights.Weights;

/** BertModel: {@code embeddings}, {@code encoder} and, when the checkpoint has one, {@code pooler}. */
public final class BertModel implements TransformerEncoder {
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
    public static BertModel load(Weights w, ModelConfig c) throws ModelFormatException {
        BertPooler pooler = w.has("pooler.dense.weight") ? BertPooler.load(w.at("pooler"), c) : null;
        return new BertModel(c, BertEmbeddings.load(w.at("embeddings"), c), BertEncoder.load(w.at("encoder"), c), pooler);
    }

    /** Null when the checkpoint has no pooler (sentence-transformers exports often drop it). */
    public BertPooler pooler() {
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
