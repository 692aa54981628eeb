package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.distilbertj.api.scheduling.TruncationDirection;

import java.util.List;

/** TEI's RerankRequest: {@code raw_scores} and {@code return_text} default to false. */
public record RerankRequest(String query, List<String> texts,
                            @JsonProperty("raw_scores") Boolean rawScores,
                            @JsonProperty("return_text") Boolean returnText,
                            Boolean truncate,
                            @JsonProperty("truncation_direction") TruncationDirection truncationDirection) {
}
