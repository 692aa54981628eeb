package io.github.distilbertj.model.distilbert;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.TransformerEncoder;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.EmbeddingTable;
import io.github.distilbertj.model.weights.Weights;

/** DistilBertModel: {@code embeddings} then {@code transformer}. */
public final class DistilBertModel implements TransformerEncoder {
    private final ModelConfig config;
    private final Embeddings embeddings;
    private final Transformer transformer;

    private DistilBertModel(ModelConfig config, Embeddings embeddings, Transformer transformer) {
        this.config = config;
        this.embeddings = embeddings;
        this.transformer = transformer;
    }

    /** {@code w} resolves names with or without the {@code distilbert.} prefix. */
    public static DistilBertModel load(Weights w, ModelConfig c) throws ModelFormatException {
        return new DistilBertModel(c, Embeddings.load(w.at("embeddings"), c), Transformer.load(w.at("transformer"), c));
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
        transformer.forward(pool, ws);
    }
}
