package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.distilbertj.api.scheduling.TruncationDirection;

import java.util.List;

/** TEI's SimilarityRequest (sentence-transformers' sentence-similarity task). */
public record SimilarityRequest(Inputs inputs, Parameters parameters) {

    /** TEI's SimilarityInput. */
    public record Inputs(@JsonProperty("source_sentence") String sourceSentence, List<String> sentences) {
    }

    /** TEI's SimilarityParameters. */
    public record Parameters(@JsonProperty("prompt_name") String promptName, Boolean truncate,
                             @JsonProperty("truncation_direction") TruncationDirection truncationDirection) {
    }
}
