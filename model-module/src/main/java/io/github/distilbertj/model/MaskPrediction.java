package io.github.distilbertj.model;

/** One candidate for a [MASK]: the vocabulary token, its id and its softmax probability. */
public record MaskPrediction(String token, int id, float score) {
}
