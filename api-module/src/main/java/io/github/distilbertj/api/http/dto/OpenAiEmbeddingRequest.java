package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's embeddings request: {@code input} (string, strings, token ids or lists of token ids),
 * {@code model} (accepted, any value), {@code encoding_format} ("float" or "base64"),
 * {@code dimensions} (only the model's own) and {@code user} (ignored).
 */
public record OpenAiEmbeddingRequest(JsonNode input, String model,
                                     @JsonProperty("encoding_format") String encodingFormat,
                                     Integer dimensions, String user) {
}
