package io.github.distilbertj.observability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The alert rules' logic, offline: promtool's rule unit tests (prometheus/alerts.test.yml) feed
 * synthetic series on both sides of each threshold and compare the alerts that fire, labels and
 * rendered annotations included. Every alert must have a case where it fires.
 */
class AlertRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path DIR = MonitoringQueries.repoRoot().resolve("observability/prometheus");

    @Test
    void promtoolRuleTestsPass() throws Exception {
        assertTrue(Files.isExecutable(PROMTOOL), PROMTOOL + " is missing: run observability/install-tools.sh");
        Path out = Files.createTempFile("promtool", ".out");
        try {
            Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", "alerts.test.yml")
                    .directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("promtool test rules did not finish in 60 s");
            }
            assertEquals(0, p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void everyAlertHasAFiringCase() {
        JsonNode tests = MonitoringQueries.readYaml(DIR.resolve("alerts.test.yml"));
        Set<String> firing = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    firing.add(check.path("alertname").asString());
                }
            }
        }
        List<String> alerts = MonitoringQueries.alertRules().stream().map(MonitoringQueries.AlertRule::name).sorted().toList();
        assertEquals(alerts, List.copyOf(firing), "alerts.test.yml must make every alert of alerts.yml fire");
    }
}
