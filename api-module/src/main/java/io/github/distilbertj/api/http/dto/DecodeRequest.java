package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** TEI's DecodeRequest: {@code skip_special_tokens} defaults to true. */
public record DecodeRequest(JsonNode ids, @JsonProperty("skip_special_tokens") Boolean skipSpecialTokens) {
}
