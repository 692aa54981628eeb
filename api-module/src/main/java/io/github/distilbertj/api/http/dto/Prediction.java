package io.github.distilbertj.api.http.dto;

/** TEI's Prediction: one label with its score. */
public record Prediction(float score, String label) {
}
