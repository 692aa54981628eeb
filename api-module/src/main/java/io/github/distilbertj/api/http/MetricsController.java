package io.github.distilbertj.api.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/** TEI's {@code GET /metrics}: the same Prometheus exposition as {@code /actuator/prometheus}, served by it. */
@RestController
public class MetricsController {

    @GetMapping("/metrics")
    public void metrics(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        request.getRequestDispatcher("/actuator/prometheus").forward(request, response);
    }
}
