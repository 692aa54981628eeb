package io.github.distilbertj.spark;

/** A model reference that names no loadable model; thrown on the driver before any task runs. */
public final class InvalidModelReferenceException extends IllegalArgumentException {

    public InvalidModelReferenceException(String message) {
        super(message);
    }

    public InvalidModelReferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
