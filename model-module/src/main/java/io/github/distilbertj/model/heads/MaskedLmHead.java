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
 * The masked-LM head, the same computation under two sets of names: transform (dim -> dim) +
 * activation, LayerNorm, projector (dim -> vocab) + bias.
 * <ul>
 *   <li>DistilBertForMaskedLM: {@code vocab_transform}, {@code vocab_layer_norm} (eps 1e-12),
 *       {@code vocab_projector};</li>
 *   <li>BertForMaskedLM: {@code cls.predictions.transform.dense}, {@code cls.predictions.transform.LayerNorm}
 *       (the config's eps), {@code cls.predictions.decoder} with {@code cls.predictions.bias}.</li>
 * </ul>
 * When the checkpoint omits the projector weight (Hugging Face drops tied tensors; TF checkpoints
 * never had one) the projector is the word-embedding matrix. The [vocab, dim] projector is packed
 * on first use, so encoders that never fill masks neither pay its load time nor hold its panels.
 */
public final class MaskedLmHead {
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

    private MaskedLmHead(Linear vocabTransform, Activation activation, LayerNormWeights vocabLayerNorm,
                              float[] projectorBias, ProjectorSource projectorSource) {
        this.vocabTransform = vocabTransform;
        this.activation = activation;
        this.vocabLayerNorm = vocabLayerNorm;
        this.projectorBias = projectorBias;
        this.projectorSource = projectorSource;
    }

    /** DistilBERT's head; null when the checkpoint has no {@code vocab_transform} (a base DistilBertModel). */
    public static MaskedLmHead loadDistilBertIfPresent(Weights root, ModelConfig c, EmbeddingTable wordEmbeddings)
            throws ModelFormatException {
        if (!root.has("vocab_transform.weight")) {
            return null;
        }
        return load(root.at("vocab_transform"), root.at("vocab_layer_norm"), 1e-12f, root.at("vocab_projector"),
                root.at("vocab_projector"), c, wordEmbeddings);
    }

    /** BERT's head; null when the checkpoint has no {@code cls.predictions.transform} (a base BertModel). */
    public static MaskedLmHead loadBertIfPresent(Weights root, ModelConfig c, EmbeddingTable wordEmbeddings)
            throws ModelFormatException {
        if (!root.has("cls.predictions.transform.dense.weight")) {
            return null;
        }
        Weights predictions = root.at("cls").at("predictions");
        // transformers ties decoder.bias to cls.predictions.bias; checkpoints carry the latter.
        Weights bias = predictions.has("bias") ? predictions : predictions.at("decoder");
        return load(predictions.at("transform").at("dense"), predictions.at("transform").at("LayerNorm"), c.layerNormEps(),
                predictions.at("decoder"), bias, c, wordEmbeddings);
    }

    private static MaskedLmHead load(Weights transform, Weights layerNorm, float eps, Weights projector, Weights bias,
                                     ModelConfig c, EmbeddingTable wordEmbeddings) throws ModelFormatException {
        int dim = c.hiddenSize();
        int vocab = c.vocabSize();
        ProjectorSource source;
        if (projector.has("weight")) {
            projector.linear("weight", vocab, dim); // validates the shape now, packs later
            source = () -> projector.linear("weight", vocab, dim);
        } else {
            source = () -> PackedWeights.fromRowMajorNK(wordEmbeddings.toArray(), 0, vocab, dim);
        }
        return new MaskedLmHead(Linear.load(transform, dim, dim), c.activation(), LayerNormWeights.load(layerNorm, dim, eps),
                bias.vector("bias", vocab), source);
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
