package io.github.distilbertj.api.http.dto;

import io.github.distilbertj.api.scheduling.TruncationDirection;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** TEI's EmbedRequest: {@code normalize} defaults to true, {@code truncate} to the server's auto-truncate. */
public record EmbedRequest(JsonNode inputs, Boolean normalize, Boolean truncate,
                           @JsonProperty("truncation_direction") TruncationDirection truncationDirection,
                           @JsonProperty("prompt_name") String promptName,
                           Integer dimensions) {
}
