package io.github.distilbertj.model.bert;

import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.LayerNormWeights;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.weights.EmbeddingTable;
import io.github.distilbertj.model.weights.Weights;

/** BertEmbeddings: word + absolute position + token type embeddings, then LayerNorm (config eps). */
final class BertEmbeddings {
    private final EmbeddingTable wordEmbeddings;
    private final EmbeddingTable positionEmbeddings;
    private final EmbeddingTable tokenTypeEmbeddings;
    private final LayerNormWeights layerNorm;

    private BertEmbeddings(EmbeddingTable word, EmbeddingTable position, EmbeddingTable tokenType,
                           LayerNormWeights layerNorm) {
        this.wordEmbeddings = word;
        this.positionEmbeddings = position;
        this.tokenTypeEmbeddings = tokenType;
        this.layerNorm = layerNorm;
    }

    static BertEmbeddings load(Weights w, ModelConfig c) throws ModelFormatException {
        int h = c.hiddenSize();
        return new BertEmbeddings(
                w.embedding("word_embeddings.weight", c.vocabSize(), h),
                w.embedding("position_embeddings.weight", c.maxPositions(), h),
                w.embedding("token_type_embeddings.weight", c.typeVocabSize(), h),
                LayerNormWeights.load(w.at("LayerNorm"), h, c.layerNormEps()));
    }

    EmbeddingTable wordEmbeddings() {
        return wordEmbeddings;
    }

    /** Embeds the ws.tokens concatenated tokens; positions restart at 0 for every sequence. */
    void forward(KernelPool pool, Workspace ws) {
        long started = ws.clock();
        int h = layerNorm.gamma().length;
        for (int b = 0; b < ws.sequences; b++) {
            for (int row = ws.starts[b], t = 0; row < ws.starts[b + 1]; row++, t++) {
                wordEmbeddings.copyRow(ws.ids[row], ws.hiddenStates, row * h);
                tokenTypeEmbeddings.addRow(ws.typeIds[row], ws.hiddenStates, row * h, ws.row);
                positionEmbeddings.addRow(t, ws.hiddenStates, row * h, ws.row);
            }
        }
        layerNorm.applyInPlace(pool, ws.hiddenStates, ws.tokens);
        ws.lap(ForwardOp.EMBEDDINGS, started);
    }
}
