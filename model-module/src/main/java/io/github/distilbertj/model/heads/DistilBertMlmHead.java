package io.github.distilbertj.model.heads;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.Sgemm;
import io.github.distilbertj.model.Activation;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.layers.LayerNormWeights;
import io.github.distilbertj.model.layers.Linear;
import io.github.distilbertj.model.weights.EmbeddingTable;
import io.github.distilbertj.model.weights.Weights;

/**
 * DistilBertForMaskedLM's head: vocab_transform (dim -> dim) + activation, vocab_layer_norm,
 * vocab_projector (dim -> vocab). When the checkpoint omits {@code vocab_projector.weight} (Hugging
 * Face drops tied tensors) the projector is the word-embedding matrix. The [vocab, dim] projector
 * is packed on first use, so encoders that never fill masks neither pay its load time nor hold
 * its panels.
 */
public final class DistilBertMlmHead {
    private final Linear vocabTransform;
    private final Activation activation;
    private final LayerNormWeights vocabLayerNorm;
    private final float[] projectorBias;
    private final ProjectorSource projectorSource;
    private PackedWeights projector;

    @FunctionalInterface
    private interface ProjectorSource {
        PackedWeights pack() throws ModelFormatException;
    }

    private DistilBertMlmHead(Linear vocabTransform, Activation activation, LayerNormWeights vocabLayerNorm,
                              float[] projectorBias, ProjectorSource projectorSource) {
        this.vocabTransform = vocabTransform;
        this.activation = activation;
        this.vocabLayerNorm = vocabLayerNorm;
        this.projectorBias = projectorBias;
        this.projectorSource = projectorSource;
    }

    /** Null when the checkpoint has no {@code vocab_transform} (a base DistilBertModel). */
    public static DistilBertMlmHead loadIfPresent(Weights root, ModelConfig c, EmbeddingTable wordEmbeddings)
            throws ModelFormatException {
        if (!root.has("vocab_transform.weight")) {
            return null;
        }
        int dim = c.hiddenSize();
        int vocab = c.vocabSize();
        ProjectorSource source;
        if (root.has("vocab_projector.weight")) {
            Weights projector = root.at("vocab_projector");
            projector.linear("weight", vocab, dim); // validates the shape now, packs later
            source = () -> projector.linear("weight", vocab, dim);
        } else {
            source = () -> PackedWeights.fromRowMajorNK(wordEmbeddings.toArray(), 0, vocab, dim);
        }
        return new DistilBertMlmHead(Linear.load(root.at("vocab_transform"), dim, dim), c.activation(),
                LayerNormWeights.load(root.at("vocab_layer_norm"), dim, 1e-12f),
                root.at("vocab_projector").vector("bias", vocab), source);
    }

    public int vocabSize() {
        return projectorBias.length;
    }

    /** hidden [rows, dim] (overwritten) -> logits [rows, vocab]. Callers serialise calls. */
    public void logits(KernelPool pool, float[] hidden, int rows, float[] tmp, float[] logits) throws ModelFormatException {
        if (projector == null) {
            projector = projectorSource.pack();
        }
        vocabTransform.forward(pool, hidden, rows, activation.epilogue(), null, tmp);
        vocabLayerNorm.applyInPlace(pool, tmp, rows);
        int dim = vocabTransform.out();
        Sgemm.linear(pool, tmp, 0, dim, rows, projector, projectorBias,
                Epilogue.BIAS, null, 0, 0, logits, 0, projectorBias.length);
    }
}
