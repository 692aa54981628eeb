package io.github.distilbertj.api.error;

/**
 * Text Embeddings Inference's error kinds, spelled as TEI serialises them in {@code error_type}.
 * Each maps to the HTTP status TEI answers with, except {@link #VALIDATION}, which carries its
 * status on the exception: 413 when the request is too large (too many inputs, a too long input,
 * an oversized body), 422 when it is malformed, and 404 / 405 / 415 for a wrong route, method or
 * content type.
 */
public enum ErrorType {
    VALIDATION("Validation", 422),
    TOKENIZER("Tokenizer", 422),
    OVERLOADED("Overloaded", 429),
    BACKEND("Backend", 424),
    UNHEALTHY("Unhealthy", 503),
    /** Not one of TEI's (TEI answers a bare 401): a missing or wrong API key. */
    UNAUTHORIZED("Unauthorized", 401);

    private final String wireName;
    private final int defaultStatus;

    ErrorType(String wireName, int defaultStatus) {
        this.wireName = wireName;
        this.defaultStatus = defaultStatus;
    }

    /** The value of {@code error_type} in responses and of the {@code error_type} metric tag. */
    public String wireName() {
        return wireName;
    }

    public int defaultStatus() {
        return defaultStatus;
    }
}
