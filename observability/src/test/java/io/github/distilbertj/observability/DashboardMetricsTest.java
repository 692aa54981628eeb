package io.github.distilbertj.observability;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric that a dashboard panel, a dashboard variable or an alert rule reads must be exported
 * by the running server's /actuator/prometheus (after traffic on every route, errors included),
 * with the labels the query matches on.
 */
@ExtendWith(ServiceExtension.class)
class DashboardMetricsTest {

    private static Exposition exported;

    @BeforeAll
    static void scrape(RunningService service) {
        exported = Exposition.parse(service.scrape());
    }

    @Test
    void dashboardPanelsReadOnlyExportedMetrics() {
        List<MonitoringQueries.Query> queries = MonitoringQueries.dashboardQueries();
        assertFalse(queries.isEmpty(), "no dashboard queries found under " + MonitoringQueries.dashboardsDir());
        assertEquals(List.of(), MetricCoverage.problems(queries, exported));
    }

    @Test
    void dashboardVariablesReadOnlyExportedMetrics() {
        List<MonitoringQueries.Query> queries = new ArrayList<>();
        for (MonitoringQueries.LabelValues v : MonitoringQueries.variableQueries()) {
            assertTrue(v.selector() != null, v.source() + ": give label_values a metric, or it scans every series");
            queries.add(new MonitoringQueries.Query(v.source(), v.selector()));
            String metric = PromQl.metricNames(v.selector()).iterator().next();
            assertTrue(MetricCoverage.TARGET_LABELS.contains(v.label()) || exported.labels(metric).contains(v.label()),
                    v.source() + ": " + metric + " has no label " + v.label());
        }
        assertEquals(List.of(), MetricCoverage.problems(queries, exported));
    }

    @Test
    void alertRulesReadOnlyExportedMetrics() {
        List<MonitoringQueries.Query> queries = MonitoringQueries.alertQueries();
        assertFalse(queries.isEmpty());
        assertEquals(List.of(), MetricCoverage.problems(queries, exported));
    }

    @Test
    void dashboardsCoverEveryServiceMeter() {
        // The other direction: a distilbertj_* meter that no panel shows is a gap in the dashboard.
        Set<String> read = new TreeSet<>();
        for (MonitoringQueries.Query q : MonitoringQueries.dashboardQueries()) {
            for (String m : PromQl.metricNames(q.expr())) {
                read.add(base(m));
            }
        }
        Set<String> unread = new TreeSet<>();
        for (String m : exported.metrics()) {
            if (m.startsWith("distilbertj_") && !read.contains(base(m))) {
                unread.add(m);
            }
        }
        assertEquals(Set.of(), unread, "service meters no dashboard panel shows");
    }

    /** A histogram's or summary's family name: the sample name without Micrometer's suffix. */
    private static String base(String sample) {
        return sample.replaceFirst("_(bucket|count|sum|max)$", "");
    }
}
