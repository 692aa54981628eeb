package io.github.distilbertj.api.http.dto;

import io.github.distilbertj.api.scheduling.TruncationDirection;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** TEI's PredictRequest: {@code raw_scores} false gives softmax probabilities. */
public record PredictRequest(JsonNode inputs, Boolean truncate,
                             @JsonProperty("truncation_direction") TruncationDirection truncationDirection,
                             @JsonProperty("raw_scores") Boolean rawScores) {
}
