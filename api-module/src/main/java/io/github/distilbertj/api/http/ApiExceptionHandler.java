package io.github.distilbertj.api.http;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorResponse;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.error.ErrorWriter;
import io.github.distilbertj.api.scheduling.TruncationDirection;
import io.github.distilbertj.api.security.PayloadTooLargeException;

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
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.stream.Collectors;

/** Turns every failure into TEI's JSON error body with TEI's status; nothing leaks a stack trace. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorResponse> api(ApiException e, HttpServletRequest request) {
        return respond(e, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return respond(fromUnreadable(e), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorResponse> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(new ApiException(ErrorType.VALIDATION, 415, "unsupported content type "
                + (e.getContentType() == null ? "(none)" : "'" + e.getContentType() + "'")
                + ": send the body as application/json"), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorResponse> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return respond(new ApiException(ErrorType.VALIDATION, 406, "this route only answers application/json"), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorResponse> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return respond(new ApiException(ErrorType.VALIDATION, 405, "method " + e.getMethod() + " is not allowed on "
                + request.getRequestURI() + "; use " + String.join(", ", e.getSupportedMethods() == null
                ? new String[0] : e.getSupportedMethods())), request);
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ErrorResponse> notFound(Exception e, HttpServletRequest request) {
        return respond(new ApiException(ErrorType.VALIDATION, 404, "no route " + request.getMethod() + " "
                + request.getRequestURI()), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorResponse> unexpected(Exception e, HttpServletRequest request) {
        ApiException api = cause(e, ApiException.class);
        if (api != null) {
            return respond(api, request);
        }
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(new ApiException(ErrorType.BACKEND, 500, "internal error: " + e.getClass().getSimpleName()),
                request);
    }

    static ResponseEntity<ErrorResponse> respond(ApiException e, HttpServletRequest request) {
        request.setAttribute(ErrorWriter.ERROR_TYPE_ATTRIBUTE, e.type());
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(ErrorResponse.of(e));
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
        StreamReadException malformed = cause(e, StreamReadException.class);
        if (malformed != null) {
            return ApiException.validation("malformed JSON: " + malformed.getOriginalMessage());
        }
        JacksonException other = cause(e, JacksonException.class);
        if (other != null) {
            return ApiException.validation("invalid request body: " + other.getOriginalMessage());
        }
        return ApiException.validation("the request body is missing or not JSON");
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
