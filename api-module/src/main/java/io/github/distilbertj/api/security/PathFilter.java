package io.github.distilbertj.api.security;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.error.ErrorWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Runs before every security decision: the path a filter sees ({@code getRequestURI()}, raw) must be
 * the path the server routes (Tomcat's normalised one). Tomcat decodes {@code %2e}, drops
 * {@code ;parameters} and resolves {@code ..}, so {@code /actuator/health/../prometheus} would pass
 * a check for {@code /actuator/health/} and reach another endpoint. No route of this server has
 * dot segments, path parameters, backslashes or control characters, so any of them (also
 * percent-encoded) is answered 400 before anything else looks at the request.
 */
public final class PathFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem(request.getRequestURI());
        if (problem != null) {
            response.setHeader("Connection", "close");
            ErrorWriter.write(request, response, new ApiException(ErrorType.VALIDATION, 400,
                    "invalid path: " + problem));
            return;
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with a raw request path, or null. */
    static String problem(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return "the path must start with /";
        }
        String path;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "malformed percent-encoding";
        }
        if (path.indexOf(';') >= 0) {
            return "path parameters (;) are not accepted";
        }
        if (path.indexOf('\\') >= 0) {
            return "backslashes are not accepted";
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20 || path.charAt(i) == 0x7f) {
                return "control characters are not accepted";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segments (. and ..) are not accepted";
            }
        }
        return null;
    }
}
