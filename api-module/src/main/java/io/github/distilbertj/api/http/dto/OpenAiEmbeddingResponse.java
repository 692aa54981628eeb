package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** OpenAI's embeddings response; {@code embedding} is a float list or a base64 string. */
public record OpenAiEmbeddingResponse(String object, List<Item> data, String model, Usage usage) {

    public record Item(String object, Object embedding, int index) {
    }

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {
    }
}
