package io.github.distilbertj.model;

import java.util.List;

/**
 * A sequence-classification result: the most probable label and the softmax probability of
 * every label, in label-id order.
 */
public record Classification(String label, float score, List<LabelScore> scores) {

    public Classification {
        scores = List.copyOf(scores);
    }

    /** One label with its probability. */
    public record LabelScore(String label, float score) {
    }
}
