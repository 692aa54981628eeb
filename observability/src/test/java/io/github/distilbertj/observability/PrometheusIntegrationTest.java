package io.github.distilbertj.observability;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The project's Prometheus files run by Debian's Prometheus 2.x against the real server: promtool
 * checks both files, then a Prometheus on loopback (a copy of prometheus.yml whose only changes are
 * loopback targets and a 1 s interval) scrapes the server and a blackbox exporter probing its
 * readiness. Every dashboard expression and every alert rule's query (its expression without the
 * final comparison, which may rightly be false) must then parse and return at least one series,
 * and every rule must evaluate without error.
 */
@ExtendWith(ServiceExtension.class)
class PrometheusIntegrationTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path BLACKBOX = Path.of("/usr/bin/prometheus-blackbox-exporter");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private static final List<ChildProcess> started = new ArrayList<>();
    private static URI prometheus;

    @BeforeAll
    static void startPrometheus(RunningService service) throws Exception {
        for (Path tool : List.of(PROMETHEUS, PROMTOOL, BLACKBOX)) {
            assertTrue(Files.isExecutable(tool), tool + " is missing: run observability/install-tools.sh"
                    + " (apt-get install prometheus prometheus-blackbox-exporter); .ci/run does");
        }
        int blackboxPort = ChildProcess.freeLoopbackPort();
        started.add(ChildProcess.start("blackbox-exporter", List.of(BLACKBOX.toString(),
                "--config.file=" + repo("observability/blackbox/blackbox.yml"),
                "--web.listen-address=127.0.0.1:" + blackboxPort), Map.of()));

        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, loopbackConfig(service.port(), blackboxPort));
        Files.copy(repo("observability/prometheus/alerts.yml"), work.resolve("alerts.yml"));
        int port = ChildProcess.freeLoopbackPort();
        prometheus = URI.create("http://127.0.0.1:" + port);
        started.add(ChildProcess.start("prometheus", List.of(PROMETHEUS.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port), Map.of()));

        await("both targets up", () -> {
            JsonNode targets = api("/api/v1/targets?state=active").path("data").path("activeTargets");
            int up = 0;
            for (JsonNode t : targets) {
                up += "up".equals(t.path("health").asString()) ? 1 : 0;
            }
            return targets.size() == 2 && up == 2;
        });
        // Traffic once Prometheus scrapes, so rate() sees counters move; then a few more scrapes.
        // The service's meters all exist already (RunningService sent traffic, 429 burst included).
        Traffic.everyRoute(service);
        RunningService.sleep(Duration.ofSeconds(4));
    }

    @AfterAll
    static void stopPrometheus() {
        for (ChildProcess p : started.reversed()) {
            p.close();
        }
        started.clear();
    }

    @Test
    void promtoolAcceptsTheConfigAndRules() throws Exception {
        assertEquals("", promtool("check", "config", repo("observability/prometheus/prometheus.yml").toString()));
        assertEquals("", promtool("check", "rules", repo("observability/prometheus/alerts.yml").toString()));
    }

    @Test
    void everyDashboardExpressionReturnsData() {
        assertEquals(List.of(), emptyOrFailing(MonitoringQueries.dashboardQueries()));
    }

    @Test
    void everyAlertQueryReturnsData() {
        assertEquals(List.of(), emptyOrFailing(MonitoringQueries.alertQueries()));
    }

    @Test
    void dashboardVariablesHaveValues() {
        List<String> problems = new ArrayList<>();
        for (MonitoringQueries.LabelValues v : MonitoringQueries.variableQueries()) {
            JsonNode r = api("/api/v1/label/" + v.label() + "/values?match[]=" + encode(v.selector()));
            if (!"success".equals(r.path("status").asString()) || r.path("data").isEmpty()) {
                problems.add(v.source() + ": " + r);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyAlertRuleEvaluatesWithoutError() {
        List<String> names = MonitoringQueries.alertRules().stream().map(MonitoringQueries.AlertRule::name).toList();
        await("every rule evaluated", () -> {
            int evaluated = 0;
            for (JsonNode rule : rules()) {
                evaluated += rule.path("lastEvaluation").asString("").startsWith("0001") ? 0 : 1;
            }
            return evaluated == names.size();
        });
        List<String> loaded = new ArrayList<>();
        List<String> unhealthy = new ArrayList<>();
        for (JsonNode rule : rules()) {
            loaded.add(rule.path("name").asString());
            if (!"ok".equals(rule.path("health").asString())) {
                unhealthy.add(rule.path("name").asString() + ": " + rule.path("lastError").asString());
            }
        }
        assertEquals(names.stream().sorted().toList(), loaded.stream().sorted().toList());
        assertEquals(List.of(), unhealthy);
    }

    @Test
    void readinessProbeAndServiceAreUp() {
        assertEquals("1", value("up{job=\"distilbertj\"}"));
        assertEquals("1", value("probe_success{job=\"distilbertj-readiness\"}"));
        assertEquals("200", value("probe_http_status_code{job=\"distilbertj-readiness\"}"));
    }

    /** Expressions that fail to parse or evaluate, or return no series, with the reason. */
    private static List<String> emptyOrFailing(List<MonitoringQueries.Query> queries) {
        assertTrue(queries.size() > 0);
        List<String> problems = new ArrayList<>();
        for (MonitoringQueries.Query q : queries) {
            JsonNode r = api("/api/v1/query?query=" + encode(q.expr()));
            if (!"success".equals(r.path("status").asString())) {
                problems.add(q.source() + ": " + r.path("error").asString() + " in " + q.expr());
            } else if (r.path("data").path("result").isEmpty()) {
                problems.add(q.source() + ": no data for " + q.expr());
            }
        }
        return problems;
    }

    private static String value(String query) {
        JsonNode result = api("/api/v1/query?query=" + encode(query)).path("data").path("result");
        assertEquals(1, result.size(), query + " -> " + result);
        return result.get(0).path("value").get(1).asString();
    }

    private static List<JsonNode> rules() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : api("/api/v1/rules").path("data").path("groups")) {
            group.path("rules").forEach(out::add);
        }
        return out;
    }

    /**
     * prometheus.yml with loopback targets for the compose service names and a 1 s interval;
     * everything else (jobs, paths, relabelling, rule_files) is the project's.
     */
    static String loopbackConfig(int servicePort, int blackboxPort) throws Exception {
        YAMLMapper yaml = YAMLMapper.builder().build();
        ObjectNode config = (ObjectNode) yaml.readTree(Files.readString(repo("observability/prometheus/prometheus.yml")));
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        int replaced = 0;
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                ArrayNode targets = (ArrayNode) sc.path("targets");
                for (int i = 0; i < targets.size(); i++) {
                    String t = targets.get(i).asString();
                    String local = t.replace("distilbertj:8080", "127.0.0.1:" + servicePort);
                    replaced += local.equals(t) ? 0 : 1;
                    targets.set(i, local);
                }
            }
            for (JsonNode relabel : job.path("relabel_configs")) {
                if ("blackbox:9115".equals(relabel.path("replacement").asString())) {
                    ((ObjectNode) relabel).put("replacement", "127.0.0.1:" + blackboxPort);
                    replaced++;
                }
            }
        }
        assertEquals(3, replaced, "expected the distilbertj and readiness targets and the blackbox address in prometheus.yml");
        String text = yaml.writeValueAsString(config);
        assertTrue(!text.contains("distilbertj:8080") && !text.contains("blackbox:9115"), text);
        return text;
    }

    private static String promtool(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PROMTOOL.toString()));
        argv.addAll(List.of(args));
        Path out = work.resolve("promtool.out");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool did not finish");
        }
        String output = Files.readString(out);
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + output;
    }

    private static JsonNode api(String pathAndQuery) {
        HttpResponse<String> r = Http.get(URI.create(prometheus + pathAndQuery));
        return JsonMapper.builder().build().readTree(r.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Path repo(String relative) {
        return MonitoringQueries.repoRoot().resolve(relative);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // Prometheus still starting
            }
            for (ChildProcess p : started) {
                if (!p.isAlive()) {
                    fail(p.logTail());
                }
            }
            RunningService.sleep(Duration.ofMillis(250));
        }
        StringBuilder logs = new StringBuilder();
        started.forEach(p -> logs.append(p.logTail()).append('\n'));
        fail("timed out waiting for " + what + "\n" + logs);
    }
}
