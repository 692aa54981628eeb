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
 * @param kernels       the kernels' threads and measured tuning (see KernelTuner), as /info reports them
 */
public record ModelInfo(String modelId, String architecture, String dtype, int hiddenSize, int maxPositions,
                        int vocabSize, String pooling, List<String> labels, boolean maskedLm, String maskToken,
                        int maskId, java.util.Map<String, Object> kernels) {

    public ModelInfo {
        labels = List.copyOf(labels);
        kernels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kernels));
    }

    public boolean classifier() {
        return !labels.isEmpty();
    }
}
