package io.github.distilbertj.api.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/** TEI's error body: {@code {"error": "...", "error_type": "Validation"}}. */
public record ErrorResponse(String error, @JsonProperty("error_type") String errorType) {

    public static ErrorResponse of(ApiException e) {
        return new ErrorResponse(e.getMessage(), e.type().wireName());
    }

    /** The error body for a request path: OpenAI-compatible routes answer TEI's OpenAICompatErrorResponse. */
    public static Object forPath(ApiException e, String path) {
        return isOpenAi(path) ? OpenAiErrorResponse.of(e) : of(e);
    }

    /** {@code /v1/*} and {@code /embeddings}, where TEI answers OpenAI-shaped errors. */
    public static boolean isOpenAi(String path) {
        return path != null && (path.startsWith("/v1/") || path.equals("/embeddings"));
    }
}
