package io.github.distilbertj.api.http.dto;

import io.github.distilbertj.api.scheduling.TruncationDirection;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** TEI's EmbedAllRequest: token-level last hidden states, no pooling. */
public record EmbedAllRequest(JsonNode inputs, Boolean truncate,
                              @JsonProperty("truncation_direction") TruncationDirection truncationDirection,
                              @JsonProperty("prompt_name") String promptName) {
}
