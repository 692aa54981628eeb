package io.github.distilbertj.api.error;

/** A request that fails with a TEI error body: status, {@code error} message and {@code error_type}. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final int status;
    private final int retryAfterSeconds;

    public ApiException(ErrorType type, int status, String message) {
        this(type, status, message, 0);
    }

    private ApiException(ErrorType type, int status, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(ErrorType type, String message) {
        this(type, type.defaultStatus(), message);
    }

    /** 422: the body is well-formed JSON but a value is missing, of the wrong type or out of range. */
    public static ApiException validation(String message) {
        return new ApiException(ErrorType.VALIDATION, 422, message);
    }

    /** 413: more inputs, tokens or bytes than the server accepts. */
    public static ApiException tooLarge(String message) {
        return new ApiException(ErrorType.VALIDATION, 413, message);
    }

    /** 429: too much work in flight; the answer carries {@code Retry-After: retryAfterSeconds}. */
    public static ApiException overloaded(String message, int retryAfterSeconds) {
        return new ApiException(ErrorType.OVERLOADED, 429, message, Math.max(1, retryAfterSeconds));
    }

    /** Seconds for the {@code Retry-After} header; 0 = none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorType type() {
        return type;
    }

    public int status() {
        return status;
    }
}
