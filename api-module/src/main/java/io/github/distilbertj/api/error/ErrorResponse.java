package io.github.distilbertj.api.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/** TEI's error body: {@code {"error": "...", "error_type": "Validation"}}. */
public record ErrorResponse(String error, @JsonProperty("error_type") String errorType) {

    public static ErrorResponse of(ApiException e) {
        return new ErrorResponse(e.getMessage(), e.type().wireName());
    }
}
