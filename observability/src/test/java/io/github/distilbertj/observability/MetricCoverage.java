package io.github.distilbertj.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks that every metric (and every label in its matchers) that a monitoring query reads is
 * exported by the service. Series that Prometheus makes itself ({@code up}, {@code scrape_*}) or
 * that the blackbox exporter exports ({@code probe_*}) are not the service's: the Prometheus
 * integration test checks that those return data.
 */
final class MetricCoverage {

    /** Labels that Prometheus attaches to every scraped series from the target, not the service. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private MetricCoverage() {
    }

    static boolean isExternal(String metric) {
        return metric.equals("up") || metric.startsWith("scrape_") || metric.startsWith("probe_");
    }

    /** One line per problem: a metric the service does not export, or a label it never carries. */
    static List<String> problems(List<MonitoringQueries.Query> queries, Exposition exported) {
        List<String> problems = new ArrayList<>();
        for (MonitoringQueries.Query q : queries) {
            for (PromQl.Selector sel : PromQl.selectors(q.expr())) {
                if (isExternal(sel.metric())) {
                    continue;
                }
                if (!exported.exports(sel.metric())) {
                    problems.add(q.source() + ": metric " + sel.metric() + " is not exported by /actuator/prometheus");
                    continue;
                }
                for (String label : sel.labels()) {
                    if (!TARGET_LABELS.contains(label) && !exported.labels(sel.metric()).contains(label)) {
                        problems.add(q.source() + ": metric " + sel.metric() + " has no label " + label
                                + " (it has " + exported.labels(sel.metric()) + ")");
                    }
                }
            }
        }
        return problems;
    }
}
