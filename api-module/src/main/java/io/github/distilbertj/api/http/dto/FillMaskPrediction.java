package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One candidate for a mask, as Hugging Face's fill-mask pipeline reports it. */
public record FillMaskPrediction(float score, int token, @JsonProperty("token_str") String tokenStr, String sequence) {
}
