package io.github.distilbertj.api.http;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorResponse;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.error.ErrorWriter;
import io.github.distilbertj.api.metrics.RequestMetricsFilter;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page: whatever fails outside Spring MVC's handlers (a request
 * the container itself rejects, a filter error) still gets TEI's JSON error body.
 */
@RestController
public class JsonErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorController.class);

    @RequestMapping("/error")
    public ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object existing = request.getAttribute(ErrorWriter.ERROR_TYPE_ATTRIBUTE);
        ErrorType type = existing instanceof ErrorType t ? t : RequestMetricsFilter.typeOf(status);
        String message = switch (status) {
            case 404 -> {
                log.debug("404 {} {}", request.getMethod(), request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
                yield "no route " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            }
            case 400 -> "bad request";
            case 413 -> "the request body is too large";
            default -> status >= 500 ? "internal error" : "request failed with status " + status;
        };
        return ApiExceptionHandler.respond(new ApiException(type, status, message), request);
    }
}
