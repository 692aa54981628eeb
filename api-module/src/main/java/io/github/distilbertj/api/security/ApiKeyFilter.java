package io.github.distilbertj.api.security;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.error.ErrorWriter;
import io.github.distilbertj.api.http.Routes;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * When {@code distilbertj.api-key} is set, every request but the health checks must carry
 * {@code Authorization: Bearer <key>}; others get 401. The comparison takes the same time
 * whatever the mismatch (MessageDigest.isEqual), so the key cannot be guessed byte by byte.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private final byte[] expected;

    public ApiKeyFilter(String apiKey) {
        this.expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (Routes.isHealth(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            ErrorWriter.write(request, response, new ApiException(ErrorType.UNAUTHORIZED,
                    header == null ? "missing Authorization header: send `Authorization: Bearer <api key>`"
                            : "invalid API key"));
            return;
        }
        chain.doFilter(request, response);
    }
}
