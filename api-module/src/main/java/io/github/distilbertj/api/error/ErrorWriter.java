package io.github.distilbertj.api.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/** Writes TEI (or, on OpenAI routes, OpenAI-compatible) error bodies from filters, and tags the request with the error type for the metrics filter. */
public final class ErrorWriter {

    /** Request attribute holding the {@link ErrorType} of a failed request. */
    public static final String ERROR_TYPE_ATTRIBUTE = ErrorWriter.class.getName() + ".errorType";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorWriter() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, ApiException e) throws IOException {
        request.setAttribute(ERROR_TYPE_ATTRIBUTE, e.type());
        response.setStatus(e.status());
        if (e.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(ErrorResponse.forPath(e, request.getRequestURI())));
    }
}
