package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** TEI's TokenizeRequest: {@code add_special_tokens} defaults to true. */
public record TokenizeRequest(JsonNode inputs, @JsonProperty("add_special_tokens") Boolean addSpecialTokens,
                              @JsonProperty("prompt_name") String promptName) {
}
