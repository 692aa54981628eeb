package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.distilbertj.api.scheduling.TruncationDirection;
import tools.jackson.databind.JsonNode;

/** TEI's EmbedSparseRequest. */
public record EmbedSparseRequest(JsonNode inputs, Boolean truncate,
                                 @JsonProperty("truncation_direction") TruncationDirection truncationDirection,
                                 @JsonProperty("prompt_name") String promptName) {
}
