package io.github.distilbertj.observability;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL expression that the project's monitoring evaluates: Grafana panel targets and
 * template-variable queries of every dashboard, and alert rule expressions.
 */
final class MonitoringQueries {

    /** One expression and where it comes from (for failure messages). */
    record Query(String source, String expr) {
    }

    /** An alert rule split as {@code <query> <op> <threshold>}. */
    record AlertRule(String name, String expr, String query, String op, double threshold) {
    }

    /** A Grafana {@code label_values(selector, label)} variable query. */
    record LabelValues(String source, String selector, String label) {
    }

    /** What Grafana's interval variables become when an expression is sent to Prometheus directly. */
    static final String RATE_INTERVAL = "30s";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Pattern COMPARISON =
            Pattern.compile("(?s)^(.+?)\\s*(==|!=|>=|<=|>|<)\\s*(-?[0-9.]+(?:[eE][+-]?[0-9]+)?)\\s*$");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("(?s)^\\s*label_values\\((?:(.+),)?\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
    private static final Pattern GRAFANA_INTERVALS = Pattern.compile("\\$\\{?__(rate_interval|interval|range)\\}?");

    private MonitoringQueries() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path dashboardsDir() {
        return repoRoot().resolve("observability/grafana/dashboards");
    }

    static Path alertsFile() {
        return repoRoot().resolve("observability/prometheus/alerts.yml");
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(dashboardsDir())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dashboardsDir(), e);
        }
    }

    /** Panel targets of every dashboard, Grafana variables replaced so Prometheus can run them. */
    static List<Query> dashboardQueries() {
        List<Query> out = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            out.addAll(dashboardQueries(file.getFileName().toString(), readJson(file)));
        }
        return out;
    }

    static List<Query> dashboardQueries(String name, JsonNode dashboard) {
        Map<String, String> variables = variableValues(dashboard);
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    out.add(new Query(name + " panel '" + panel.path("title").asString() + "' target "
                            + target.path("refId").asString(), substitute(expr, variables)));
                }
            }
        }
        return out;
    }

    /** The {@code label_values(...)} queries of every dashboard's template variables. */
    static List<LabelValues> variableQueries() {
        List<LabelValues> out = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = readJson(file);
            Map<String, String> variables = variableValues(dashboard);
            for (JsonNode v : dashboard.path("templating").path("list")) {
                if (!"query".equals(v.path("type").asString())) {
                    continue;
                }
                JsonNode q = v.path("query");
                String text = q.isString() ? q.asString() : q.path("query").asString();
                Matcher m = LABEL_VALUES.matcher(text);
                if (!m.matches()) {
                    throw new IllegalStateException(file.getFileName() + " variable " + v.path("name").asString()
                            + ": only label_values(selector, label) queries are checked, got: " + text);
                }
                out.add(new LabelValues(file.getFileName() + " variable " + v.path("name").asString(),
                        m.group(1) == null ? null : substitute(m.group(1).trim(), variables), m.group(2)));
            }
        }
        return out;
    }

    static List<AlertRule> alertRules() {
        return alertRules(readYaml(alertsFile()));
    }

    static List<AlertRule> alertRules(JsonNode rulesFile) {
        List<AlertRule> out = new ArrayList<>();
        for (JsonNode group : rulesFile.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!rule.has("alert")) {
                    continue;
                }
                String name = rule.path("alert").asString();
                String expr = rule.path("expr").asString().trim();
                Matcher m = COMPARISON.matcher(expr);
                if (!m.matches()) {
                    throw new IllegalStateException("alert " + name
                            + " must be written `<query> <comparison> <number>` so its query can be checked: " + expr);
                }
                out.add(new AlertRule(name, expr, m.group(1).trim(), m.group(2), Double.parseDouble(m.group(3))));
            }
        }
        return out;
    }

    static List<Query> alertQueries() {
        return alertRules().stream().map(r -> new Query("alerts.yml " + r.name(), r.query())).toList();
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            for (JsonNode nested : p.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    /** Each template variable's "All" value (its allValue, else a match-all regex). */
    private static Map<String, String> variableValues(JsonNode dashboard) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            values.put(v.path("name").asString(), v.path("allValue").asString(".*"));
        }
        return values;
    }

    static String substitute(String expr, Map<String, String> variables) {
        String out = GRAFANA_INTERVALS.matcher(expr).replaceAll(RATE_INTERVAL);
        for (Map.Entry<String, String> v : variables.entrySet()) {
            String value = Matcher.quoteReplacement(v.getValue());
            String name = Pattern.quote(v.getKey());
            out = out.replaceAll("\\$\\{" + name + "(?::[a-z]+)?\\}", value)
                    .replaceAll("\\[\\[" + name + "\\]\\]", value)
                    .replaceAll("\\$" + name + "(?![a-zA-Z0-9_])", value);
        }
        return out;
    }
}
