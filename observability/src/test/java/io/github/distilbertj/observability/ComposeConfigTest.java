package io.github.distilbertj.observability;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docker-compose.yml validated by Compose itself ({@code docker-compose config}, which needs no
 * engine), then its resolved form checked against the files it wires together: the image's health
 * check, Prometheus's targets, Grafana's datasource and dashboard paths.
 */
class ComposeConfigTest {

    private static List<String> compose;
    private static JsonNode config;

    @BeforeAll
    static void resolve() throws Exception {
        compose = composeCommand();
        Result r = run(compose, MonitoringQueries.repoRoot(), "-f", "docker-compose.yml", "config");
        assertEquals(0, r.exit(), "docker-compose config rejected docker-compose.yml:\n" + r.output());
        config = YAMLMapper.builder().build().readTree(r.stdout());
    }

    @Test
    void declaresTheStack() {
        Set<String> services = new HashSet<>(config.path("services").propertyNames());
        assertEquals(Set.of("distilbertj", "prometheus", "grafana", "blackbox"), services);
    }

    @Test
    void serviceIsBuiltFromTheDockerfileWithItsHealthCheck() {
        JsonNode s = config.path("services").path("distilbertj");
        assertEquals(real(MonitoringQueries.repoRoot()), real(Path.of(s.path("build").path("context").asString())));
        assertEquals("Dockerfile", s.path("build").path("dockerfile").asString("Dockerfile"));
        assertTrue(publishes(s, 8080), "distilbertj must publish 8080: " + s.path("ports"));

        List<String> test = new ArrayList<>();
        s.path("healthcheck").path("test").forEach(n -> test.add(n.asString().replace("$$", "$")));
        assertEquals("CMD", test.getFirst());
        assertEquals(DockerfileTest.healthCheckCommand(), test.subList(1, test.size()),
                "compose's health check must run the same command as the Dockerfile's HEALTHCHECK");
    }

    @Test
    void prometheusMountsTheProjectConfigAndReachesItsTargets() {
        JsonNode p = config.path("services").path("prometheus");
        assertTrue(mounts(p, "observability/prometheus", "/etc/prometheus"), "prometheus must mount observability/prometheus");
        assertTrue(p.path("command").toString().contains("--config.file=/etc/prometheus/prometheus.yml"));
        assertTrue(publishes(p, 9090));

        JsonNode prom = MonitoringQueries.readYaml(MonitoringQueries.repoRoot().resolve("observability/prometheus/prometheus.yml"));
        Set<String> addresses = new HashSet<>();
        for (JsonNode job : prom.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> addresses.add(t.asString()));
            }
            for (JsonNode relabel : job.path("relabel_configs")) {
                if ("__address__".equals(relabel.path("target_label").asString())) {
                    addresses.add(relabel.path("replacement").asString());
                }
            }
        }
        for (String address : addresses) {
            String hostPort = address.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
            String host = hostPort.substring(0, hostPort.indexOf(':'));
            assertTrue(config.path("services").has(host), "prometheus.yml targets " + address + " but compose has no service " + host);
        }
        assertTrue(addresses.contains("distilbertj:8080"), "prometheus.yml must scrape distilbertj:8080: " + addresses);
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboards() {
        JsonNode g = config.path("services").path("grafana");
        assertTrue(mounts(g, "observability/grafana/provisioning", "/etc/grafana/provisioning"));
        JsonNode provider = MonitoringQueries.readYaml(MonitoringQueries.repoRoot()
                .resolve("observability/grafana/provisioning/dashboards/distilbertj.yml")).path("providers").get(0);
        String dashboardsPath = provider.path("options").path("path").asString();
        assertTrue(mounts(g, "observability/grafana/dashboards", dashboardsPath),
                "grafana must mount the dashboards where the provider reads them (" + dashboardsPath + ")");
        assertTrue(publishes(g, 3000));

        JsonNode ds = MonitoringQueries.readYaml(MonitoringQueries.repoRoot()
                .resolve("observability/grafana/provisioning/datasources/prometheus.yml")).path("datasources").get(0);
        assertEquals("http://prometheus:9090", ds.path("url").asString());
        assertTrue(config.path("services").has("prometheus"));
    }

    @Test
    void composeRejectsAnInvalidFile(@TempDir Path dir) throws Exception {
        // Proof that `config` validates without an engine: a misspelt key must fail.
        String valid = Files.readString(MonitoringQueries.repoRoot().resolve("docker-compose.yml"));
        String broken = valid.replace("    healthcheck:", "    healthchek:");
        assertNotEquals(valid, broken);
        Files.writeString(dir.resolve("docker-compose.yml"), broken);
        Files.copy(MonitoringQueries.repoRoot().resolve("Dockerfile"), dir.resolve("Dockerfile"));
        Result r = run(compose, dir, "-f", "docker-compose.yml", "config");
        assertNotEquals(0, r.exit(), "docker-compose config accepted an unknown key:\n" + r.output());
    }

    private static boolean publishes(JsonNode service, int port) {
        for (JsonNode p : service.path("ports")) {
            String target = p.isObject() ? p.path("target").asString() : p.asString().replaceFirst(".*:", "");
            if (target.equals(Integer.toString(port))) {
                return true;
            }
        }
        return false;
    }

    private static boolean mounts(JsonNode service, String repoPath, String containerPath) {
        Path source = real(MonitoringQueries.repoRoot().resolve(repoPath));
        for (JsonNode v : service.path("volumes")) {
            String src;
            String dst;
            if (v.isObject()) {
                src = v.path("source").asString();
                dst = v.path("target").asString();
            } else {
                String[] parts = v.asString().split(":");
                src = parts[0];
                dst = parts[1];
            }
            if (dst.equals(containerPath) && Files.exists(Path.of(src)) && real(Path.of(src)).equals(source)) {
                return true;
            }
        }
        return false;
    }

    /** Compose prints absolute paths as it resolved them; compare without symbolic links. */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new AssertionError("no such path: " + p, e);
        }
    }

    /** docker-compose (v1, Debian's package) or the docker CLI's compose plugin, whichever works. */
    static List<String> composeCommand() throws Exception {
        for (List<String> candidate : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
            try {
                if (run(candidate, MonitoringQueries.repoRoot(), "version").exit() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next one
            }
        }
        fail("neither docker-compose nor `docker compose` is installed: run observability/install-tools.sh"
                + " (apt-get install docker-compose); .ci/run does");
        return List.of();
    }

    record Result(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    static Result run(List<String> command, Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of(args));
        Path out = Files.createTempFile("compose", ".out");
        Path err = Files.createTempFile("compose", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            // Nothing may reach an engine or a registry; `config` needs neither.
            pb.environment().put("DOCKER_HOST", "unix:///nonexistent/docker.sock");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(argv + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
