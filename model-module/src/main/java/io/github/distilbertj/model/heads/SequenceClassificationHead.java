package io.github.distilbertj.model.heads;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.ModelType;
import io.github.distilbertj.model.bert.BertPooler;
import io.github.distilbertj.model.layers.Linear;
import io.github.distilbertj.model.weights.Weights;

/**
 * Sequence classification on the [CLS] hidden state. DistilBertForSequenceClassification:
 * classifier(ReLU(pre_classifier(cls))). BertForSequenceClassification: classifier(pooler(cls)).
 */
public final class SequenceClassificationHead {
    private final Linear preClassifier;
    private final BertPooler pooler;
    private final Linear classifier;

    private SequenceClassificationHead(Linear preClassifier, BertPooler pooler, Linear classifier) {
        this.preClassifier = preClassifier;
        this.pooler = pooler;
        this.classifier = classifier;
    }

    /** Null when the checkpoint has no {@code classifier}. */
    public static SequenceClassificationHead loadIfPresent(Weights root, ModelConfig c, BertPooler pooler)
            throws ModelFormatException {
        if (!root.has("classifier.weight")) {
            return null;
        }
        long[] shape = root.source().shape("classifier.weight");
        int labels = (int) shape[0];
        if (!c.labels().isEmpty() && c.labels().size() != labels) {
            throw new ModelFormatException(root.source().description() + ": tensor 'classifier.weight' has "
                    + labels + " rows but config.json id2label names " + c.labels().size() + " labels");
        }
        int h = c.hiddenSize();
        Linear classifier = Linear.load(root.at("classifier"), labels, h);
        if (c.modelType() == ModelType.DISTILBERT) {
            return new SequenceClassificationHead(Linear.load(root.at("pre_classifier"), h, h), null, classifier);
        }
        if (pooler == null) {
            throw new ModelFormatException(root.source().description()
                    + ": BERT classifier found but the checkpoint has no pooler (bert.pooler.dense)");
        }
        return new SequenceClassificationHead(null, pooler, classifier);
    }

    public int labels() {
        return classifier.out();
    }

    /** cls [rows, hidden] -> logits [rows, labels]. */
    public void logits(KernelPool pool, float[] cls, int rows, float[] tmp, float[] logits) {
        if (preClassifier != null) {
            preClassifier.forward(pool, cls, rows, Epilogue.BIAS_RELU, null, tmp);
        } else {
            pooler.forward(pool, cls, rows, tmp);
        }
        classifier.forward(pool, tmp, rows, Epilogue.BIAS, null, logits);
    }
}
