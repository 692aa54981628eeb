package io.github.distilbertj.observability;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a Prometheus text-format scrape exports: each sample name (with Micrometer's suffixes:
 * {@code _bucket}, {@code _count}, {@code _sum}, {@code _max}, {@code _total}) and the label names
 * seen on it.
 */
record Exposition(Map<String, Set<String>> labelsByMetric) {

    static Exposition parse(String text) {
        Map<String, Set<String>> labels = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
            if (end <= 0) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Set<String> names = labels.computeIfAbsent(line.substring(0, end), k -> new TreeSet<>());
            if (end == brace) {
                names.addAll(labelNames(line, brace));
            }
        }
        return new Exposition(labels);
    }

    Set<String> metrics() {
        return labelsByMetric.keySet();
    }

    boolean exports(String metric) {
        return labelsByMetric.containsKey(metric);
    }

    /** The label names of {@code metric}'s samples; empty when it is not exported. */
    Set<String> labels(String metric) {
        return labelsByMetric.getOrDefault(metric, Set.of());
    }

    private static Set<String> labelNames(String line, int brace) {
        Set<String> names = new TreeSet<>();
        int i = brace + 1;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            names.add(line.substring(i, eq).trim());
            i = eq + 2; // past ="
            while (line.charAt(i) != '"') {
                i += line.charAt(i) == '\\' ? 2 : 1;
            }
            i++;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return names;
    }
}
