package io.github.distilbertj.api.security;

import java.io.IOException;

/** Thrown by the body stream when a request without Content-Length sends more than the limit. */
public final class PayloadTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes (distilbertj.max-request-size)");
    }
}
