package io.github.distilbertj.api.scheduling;

import java.util.List;

/**
 * What the service needs to know about the served model.
 *
 * @param modelId       name reported to clients
 * @param architecture  config.json model_type: "bert" or "distilbert"
 * @param pooling       "mean", "cls" or "max"
 * @param labels        classifier labels in id order; empty without a classification head
 * @param maskedLm      whether the model has a masked-LM head (POST /fill-mask)
 * @param maskToken     the mask token, e.g. "[MASK]"
 */
public record ModelInfo(String modelId, String architecture, String dtype, int hiddenSize, int maxPositions,
                        int vocabSize, String pooling, List<String> labels, boolean maskedLm, String maskToken,
                        int maskId) {

    public ModelInfo {
        labels = List.copyOf(labels);
    }

    public boolean classifier() {
        return !labels.isEmpty();
    }
}
