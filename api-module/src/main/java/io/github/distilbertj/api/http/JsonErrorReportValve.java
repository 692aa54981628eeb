package io.github.distilbertj.api.http;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorResponse;
import io.github.distilbertj.api.metrics.RequestMetricsFilter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own error answers (a malformed request line, oversized headers, a path Tomcat cannot
 * normalise: requests that never reach the application) in TEI's JSON error shape instead of
 * Tomcat's HTML page. Installed as the host's error report valve.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String message = switch (status) {
            case 400 -> "bad request: the request line, a header or the path is malformed or too large";
            case 404 -> "no route";
            case 413 -> "the request is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 505 -> "HTTP version not supported";
            default -> status >= 500 ? "internal error" : "request failed with status " + status;
        };
        ApiException e = new ApiException(RequestMetricsFilter.typeOf(status), status, message);
        String path = null;
        try {
            path = request.getRequestURI();
        } catch (RuntimeException ignored) {
            // A request line Tomcat could not parse has no URI.
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(ErrorResponse.forPath(e, path)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The connection is gone or the answer already started: nothing more to write.
        }
    }
}
