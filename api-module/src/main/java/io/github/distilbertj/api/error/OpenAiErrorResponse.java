package io.github.distilbertj.api.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * TEI's {@code OpenAICompatErrorResponse}, the error body of its OpenAI-compatible routes
 * ({@code /v1/*}, {@code /embeddings}): {@code {"message": "...", "code": 422, "error_type": "Validation"}}.
 */
public record OpenAiErrorResponse(String message, int code, @JsonProperty("error_type") String errorType) {

    public static OpenAiErrorResponse of(ApiException e) {
        return new OpenAiErrorResponse(e.getMessage(), e.status(), e.type().wireName());
    }
}
