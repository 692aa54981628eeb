package io.github.distilbertj.observability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Grafana would otherwise only report at start-up in its log: provisioning files in Grafana's
 * format, every panel bound to the provisioned datasource, unique panel ids, and the panels the
 * issue asks for (latency per operation, throughput, batching, queue, errors, JVM memory and CPU).
 */
class GrafanaProvisioningTest {

    private static final Path GRAFANA = MonitoringQueries.repoRoot().resolve("observability/grafana");

    @Test
    void datasourceAndProviderFiles() {
        JsonNode ds = MonitoringQueries.readYaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
        assertEquals(1, ds.path("apiVersion").asInt());
        JsonNode prometheus = ds.path("datasources").get(0);
        assertEquals("prometheus", prometheus.path("type").asString());
        assertEquals("proxy", prometheus.path("access").asString());

        JsonNode providers = MonitoringQueries.readYaml(GRAFANA.resolve("provisioning/dashboards/distilbertj.yml"));
        assertEquals(1, providers.path("apiVersion").asInt());
        JsonNode provider = providers.path("providers").get(0);
        assertEquals("file", provider.path("type").asString());
        assertTrue(provider.path("options").path("path").asString().startsWith("/"));
    }

    @Test
    void everyPanelUsesTheProvisionedDatasource() {
        String uid = MonitoringQueries.readYaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0).path("uid").asString();
        assertFalse(uid.isBlank(), "give the datasource a uid: dashboards refer to it");
        for (Path file : MonitoringQueries.dashboardFiles()) {
            JsonNode dashboard = MonitoringQueries.readJson(file);
            assertFalse(dashboard.path("uid").asString().isBlank(), file + " needs a uid");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : MonitoringQueries.panels(dashboard)) {
                String where = file.getFileName() + " panel '" + panel.path("title").asString() + "'";
                assertTrue(ids.add(panel.path("id").asInt()), where + ": duplicate id");
                assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("h"), where + ": no gridPos");
                if ("row".equals(panel.path("type").asString())) {
                    continue;
                }
                assertEquals(uid, panel.path("datasource").path("uid").asString(), where);
                assertFalse(panel.path("targets").isEmpty(), where + ": no targets");
                for (JsonNode t : panel.path("targets")) {
                    assertEquals(uid, t.path("datasource").path("uid").asString(), where + " target " + t.path("refId"));
                }
            }
            for (JsonNode v : dashboard.path("templating").path("list")) {
                assertEquals(uid, v.path("datasource").path("uid").asString(), "variable " + v.path("name"));
            }
        }
    }

    @Test
    void dashboardShowsWhatTheIssueAsksFor() {
        String all = String.join("\n", MonitoringQueries.dashboardQueries().stream().map(MonitoringQueries.Query::expr).toList());
        for (String op : List.of("request", "tokenization", "queue", "inference", "pooling")) {
            for (String q : List.of("0.5", "0.95", "0.99")) {
                assertTrue(all.contains("histogram_quantile(" + q + ", sum by (le, ")
                                && all.contains("distilbertj_" + op + "_duration_seconds_bucket"),
                        "p" + q + " of " + op);
            }
        }
        for (String needed : List.of("distilbertj_request_count_total", "distilbertj_batch_size_bucket",
                "distilbertj_batch_tokens_bucket", "distilbertj_queue_size", "sum by (error_type)",
                "jvm_memory_used_bytes", "process_cpu_usage", "system_cpu_usage")) {
            assertTrue(all.contains(needed), "dashboard lacks " + needed);
        }
    }
}
