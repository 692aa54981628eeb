package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** TEI's Rank: the text's index in the request, its score, and the text when {@code return_text} is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rank(int index, float score, String text) {
}
