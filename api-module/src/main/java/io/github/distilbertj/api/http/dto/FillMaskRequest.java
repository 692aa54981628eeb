package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** Hugging Face's fill-mask task: {@code inputs} (a text or texts with the mask token) and {@code top_k} (default 5). */
public record FillMaskRequest(JsonNode inputs, @JsonProperty("top_k") Integer topK) {
}
