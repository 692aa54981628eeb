package io.github.distilbertj.observability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metric-name extractor and the coverage checker, on hand-written inputs. */
class PromQlTest {

    @Test
    void findsMetricsButNotFunctionsAggregationsOrGroupingLabels() {
        String expr = "histogram_quantile(0.99, sum by (le, route) (rate(distilbertj_request_duration_seconds_bucket"
                + "{route=~\"/embed|unknown\", instance=~\".*\"}[30s])))";
        assertEquals(List.of(new PromQl.Selector("distilbertj_request_duration_seconds_bucket", Set.of("route", "instance"))),
                PromQl.selectors(expr));
    }

    @Test
    void handlesBinaryOperatorsKeywordsAndTrailingGrouping() {
        String expr = "sum(rate(a_total{x=\"by (y)\"}[5m])) by (job) / on (job) group_left(z) max without (w) (b_bytes) "
                + "> bool 0.5 or up offset 1m unless count(c:recorded) and d";
        assertEquals(Set.of("a_total", "b_bytes", "up", "c:recorded", "d"), PromQl.metricNames(expr));
    }

    @Test
    void bareSelectorsNumbersAndNameMatcher() {
        assertEquals(Set.of("process_cpu_usage"), PromQl.metricNames("process_cpu_usage"));
        assertEquals(Set.of("x_seconds_sum"), PromQl.metricNames("{__name__=\"x_seconds_sum\", a=\"1\"} * 1e3 + 0.5"));
        assertEquals(Set.of(), PromQl.metricNames("vector(1) + scalar(time())"));
        assertEquals(Set.of("m"), PromQl.metricNames("sum(m) by (a) > 0"));
        assertEquals(Set.of("m"), PromQl.metricNames("max_over_time(m[5m:1m])"));
    }

    @Test
    void rejectsMalformedSelectors() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("m{a=\"x\""));
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("{a=\"x\"}"));
    }

    @Test
    void coverageCheckerFlagsABogusMetricAndAWrongLabel() {
        Exposition exported = Exposition.parse("""
                # TYPE distilbertj_queue_size gauge
                distilbertj_queue_size{application="distilbertj"} 0.0
                distilbertj_request_count_total{application="distilbertj",route="/embed"} 3.0
                """);
        List<MonitoringQueries.Query> queries = List.of(
                new MonitoringQueries.Query("ok", "sum(distilbertj_queue_size{instance=~\".*\"})"),
                new MonitoringQueries.Query("ok too", "up{job=\"distilbertj\"} + probe_success"),
                new MonitoringQueries.Query("bogus", "rate(distilbertj_bogus_metric_total[30s])"),
                new MonitoringQueries.Query("label", "distilbertj_request_count_total{operation=\"encode\"}"));
        List<String> problems = MetricCoverage.problems(queries, exported);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("bogus: metric distilbertj_bogus_metric_total is not exported"), problems.get(0));
        assertTrue(problems.get(1).startsWith("label: metric distilbertj_request_count_total has no label operation"), problems.get(1));
    }

    @Test
    void dashboardWithABogusMetricFailsTheCheck() {
        JsonNode dashboard = JsonMapper.builder().build().readTree("""
                {"templating": {"list": [{"name": "route", "type": "query", "allValue": ".*"}]},
                 "panels": [{"type": "row", "title": "r", "panels": [
                   {"title": "p", "targets": [{"refId": "A",
                     "expr": "sum(rate(distilbertj_not_a_metric_total{route=~\\"$route\\"}[$__rate_interval]))"}]}]}]}
                """);
        List<MonitoringQueries.Query> queries = MonitoringQueries.dashboardQueries("fake.json", dashboard);
        assertEquals("sum(rate(distilbertj_not_a_metric_total{route=~\".*\"}[30s]))", queries.getFirst().expr());
        List<String> problems = MetricCoverage.problems(queries, Exposition.parse("distilbertj_queue_size 0\n"));
        assertEquals(List.of("fake.json panel 'p' target A: metric distilbertj_not_a_metric_total is not exported by /actuator/prometheus"),
                problems);
    }

    @Test
    void alertRulesSplitIntoQueryAndThreshold() {
        JsonNode rules = JsonMapper.builder().build().readTree("""
                {"groups": [{"rules": [{"alert": "A", "expr": "max(q) > 256"}, {"record": "r", "expr": "sum(q)"},
                                       {"alert": "B", "expr": "up{job=\\"x\\"} == 0"}]}]}
                """);
        List<MonitoringQueries.AlertRule> parsed = MonitoringQueries.alertRules(rules);
        assertEquals(2, parsed.size());
        assertEquals("max(q)", parsed.get(0).query());
        assertEquals(256.0, parsed.get(0).threshold());
        assertEquals("up{job=\"x\"}", parsed.get(1).query());
        assertEquals("==", parsed.get(1).op());
        JsonNode noThreshold = JsonMapper.builder().build().readTree("""
                {"groups": [{"rules": [{"alert": "C", "expr": "absent(up)"}]}]}
                """);
        assertThrows(IllegalStateException.class, () -> MonitoringQueries.alertRules(noThreshold));
    }
}
