package io.github.distilbertj.api.http;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** TEI's {@code GET /metrics}: the same Prometheus exposition as {@code /actuator/prometheus}, served by it. */
@Controller
public class MetricsController {

    @GetMapping("/metrics")
    public String metrics() {
        return "forward:/actuator/prometheus";
    }
}
