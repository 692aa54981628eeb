package io.github.distilbertj.model.distilbert;

import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.LayerNormWeights;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.EmbeddingTable;
import io.github.distilbertj.model.weights.Weights;

/**
 * DistilBERT's {@code embeddings}: word + learned position embeddings, then LayerNorm (eps 1e-12).
 * Positions count from 0 in every sequence, padding or not, as Hugging Face does.
 */
final class Embeddings {
    private final EmbeddingTable wordEmbeddings;
    private final EmbeddingTable positionEmbeddings;
    private final LayerNormWeights layerNorm;

    private Embeddings(EmbeddingTable word, EmbeddingTable position, LayerNormWeights layerNorm) {
        this.wordEmbeddings = word;
        this.positionEmbeddings = position;
        this.layerNorm = layerNorm;
    }

    static Embeddings load(Weights w, ModelConfig c) throws ModelFormatException {
        return new Embeddings(
                w.embedding("word_embeddings.weight", c.vocabSize(), c.hiddenSize()),
                w.embedding("position_embeddings.weight", c.maxPositions(), c.hiddenSize()),
                LayerNormWeights.load(w.at("LayerNorm"), c.hiddenSize(), c.layerNormEps()));
    }

    EmbeddingTable wordEmbeddings() {
        return wordEmbeddings;
    }

    /** ws.hiddenStates[b * seq + t] = LayerNorm(word[ids] + position[t]). */
    /** Embeds the ws.tokens concatenated tokens; positions restart at 0 for every sequence. */
    void forward(KernelPool pool, Workspace ws) {
        long started = ws.clock();
        int dim = layerNorm.gamma().length;
        for (int b = 0; b < ws.sequences; b++) {
            for (int row = ws.starts[b], t = 0; row < ws.starts[b + 1]; row++, t++) {
                wordEmbeddings.copyRow(ws.ids[row], ws.hiddenStates, row * dim);
                positionEmbeddings.addRow(t, ws.hiddenStates, row * dim, ws.row);
            }
        }
        layerNorm.applyInPlace(pool, ws.hiddenStates, ws.tokens);
        ws.lap(ForwardOp.EMBEDDINGS, started);
    }
}
