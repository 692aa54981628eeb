package io.github.distilbertj.api.http;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorResponse;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.error.ErrorWriter;
import io.github.distilbertj.api.scheduling.TruncationDirection;
import io.github.distilbertj.api.security.PayloadTooLargeException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.stream.Collectors;

/** Turns every failure into TEI's JSON error body with TEI's status; nothing leaks a stack trace. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e, HttpServletRequest request) {
        return respond(e, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return respond(fromUnreadable(e), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(new ApiException(ErrorType.VALIDATION, 415, "unsupported content type "
                + (e.getContentType() == null ? "(none)" : "'" + e.getContentType() + "'")
                + ": send the body as application/json"), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return respond(new ApiException(ErrorType.VALIDATION, 406, "this route only answers application/json"), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return respond(new ApiException(ErrorType.VALIDATION, 405, "method " + e.getMethod() + " is not allowed on "
                + request.getRequestURI() + "; use " + String.join(", ", e.getSupportedMethods() == null
                ? new String[0] : e.getSupportedMethods())), request);
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<Object> notFound(Exception e, HttpServletRequest request) {
        // Scanners probe hundreds of paths: a 404 is the client's business, not the operator's.
        log.debug("404 {} {}", request.getMethod(), request.getRequestURI());
        return respond(new ApiException(ErrorType.VALIDATION, 404, "no route " + request.getMethod() + " "
                + request.getRequestURI()), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        ApiException api = cause(e, ApiException.class);
        if (api != null) {
            return respond(api, request);
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // The client closed the connection mid-answer: nobody is left to answer, and it is not a fault here.
            log.debug("client went away during {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return null;
        }
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(new ApiException(ErrorType.BACKEND, 500, "internal error: " + e.getClass().getSimpleName()),
                request);
    }

    static ResponseEntity<Object> respond(ApiException e, HttpServletRequest request) {
        request.setAttribute(ErrorWriter.ERROR_TYPE_ATTRIBUTE, e.type());
        ResponseEntity.BodyBuilder b = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.retryAfterSeconds() > 0) {
            b.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        // On the container's error dispatch the request URI is /error: the client asked for the original one.
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return b.body(ErrorResponse.forPath(e, original instanceof String s ? s : request.getRequestURI()));
    }

    /** A readable message for a body Jackson could not map, naming the field at fault. */
    static ApiException fromUnreadable(HttpMessageNotReadableException e) {
        ApiException api = cause(e, ApiException.class);
        if (api != null) {
            return api;
        }
        PayloadTooLargeException tooLarge = cause(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return ApiException.tooLarge(tooLarge.getMessage());
        }
        UnrecognizedPropertyException unknown = cause(e, UnrecognizedPropertyException.class);
        if (unknown != null) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return ApiException.validation("unknown field `" + unknown.getPropertyName() + "`"
                    + (known.isEmpty() ? "" : "; expected one of: " + known));
        }
        MismatchedInputException mismatch = cause(e, MismatchedInputException.class);
        if (mismatch != null) {
            String field = path(mismatch);
            if (field.isEmpty()) {
                return ApiException.validation("the request body must be a JSON object");
            }
            return ApiException.validation("`" + field + "` must be " + expected(mismatch.getTargetType()));
        }
        StreamConstraintsException limit = cause(e, StreamConstraintsException.class);
        if (limit != null) {
            return ApiException.validation("the JSON exceeds a limit of the reader: " + plain(limit.getOriginalMessage()));
        }
        StreamReadException malformed = cause(e, StreamReadException.class);
        if (malformed != null) {
            return ApiException.validation("malformed JSON" + at(malformed) + ": " + plain(malformed.getOriginalMessage()));
        }
        JacksonException other = cause(e, JacksonException.class);
        if (other != null) {
            return ApiException.validation("invalid request body" + at(other) + ": " + plain(other.getOriginalMessage()));
        }
        return ApiException.validation("the request body is missing or not JSON");
    }

    private static String at(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /**
     * A parser message without the library's internals: the names of its classes and settings
     * ({@code (..., from `StreamReadConstraints.getMaxNestingDepth()`)}) mean nothing to a client, and
     * a Java type name ({@code `java.lang.String`}, {@code `io.github...EmbedRequest`}) becomes a plain word.
     */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable input";
        }
        String m = message.lines().findFirst().orElse("").strip();
        m = m.replaceAll("\\s*\\(from `[^`]*`\\)", "").replaceAll(", from `[^`]*`", "")
                .replaceAll("`(?:[a-z_][\\w$]*\\.)+([A-Z][\\w$]*)(?:\\[\\])?`", "$1")
                .replace("StreamReadConstraints", "the reader's limits")
                .replaceAll("\\b(?:tools|com\\.fasterxml)\\.jackson[\\w.$]*", "the JSON reader");
        // Anything still naming an exception or a stack frame is not for the client.
        if (m.contains("Exception") || m.contains(".java:")) {
            return "unreadable input";
        }
        return m;
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == TruncationDirection.class) {
            return "\"Left\" or \"Right\"";
        }
        return "of another type";
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
