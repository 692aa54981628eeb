package io.github.distilbertj.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests against the real server: api-module's jar started as a child JVM with the
 * container's own JVM arguments and environment from the rendered Deployment (only the port is
 * moved to a free loopback one); every probe path answers 200, the ServiceMonitor's path serves the
 * series the Prometheus Adapter turns into the HPA's metric, and the container port is the port
 * the jar's application.properties sets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerConsistencyTest {

    private static Process server;
    private static int port;
    private static Path log;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Deployment deployment;
    private static String threads;

    @BeforeAll
    static void start() throws Exception {
        // The small overlay: its 1-CPU limit differs from this machine's processor count, so the thread
        // count the server reports can only have come from the manifest's environment.
        List<JsonNode> objects = Manifests.render("overlays/small");
        deployment = (Deployment) StrictModel.validate(Manifests.find(objects, "Deployment"));
        Container c = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Path jar = Path.of(System.getProperty("server.jar", "../api-module/target/distilbertj-server.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build api-module first (./mvnw -B -pl api-module -am package -DskipTests)");
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // What resourceFieldRef limits.cpu with divisor 1 gives: the limit rounded up to whole cores.
        threads = Integer.toString(c.getResources().getLimits().get("cpu").getNumericalAmount()
                .setScale(0, java.math.RoundingMode.CEILING).intValueExact());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : c.getArgs()) {
            String expanded = arg.replace("$(DISTILBERTJ_THREADS)", threads);
            command.add(expanded.equals("/opt/distilbertj/distilbertj-server.jar") ? jar.toString() : expanded);
        }
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        log = Files.createTempFile("distilbertj-deploy-server", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        for (EnvVar e : c.getEnv()) {
            pb.environment().put(e.getName(), e.getValue() != null ? e.getValue() : threads);
        }
        pb.environment().put("OPT_OUT_TRACKING", "true");
        server = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (status(c.getReadinessProbe().getHttpGet().getPath()) != 200) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not become ready:\n" + Files.readString(log));
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    private static int status(String path) {
        return get(path).statusCode();
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new HttpResponse<>() {
                public int statusCode() { return -1; }
                public HttpRequest request() { return null; }
                public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
                public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true); }
                public String body() { return ""; }
                public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
                public URI uri() { return null; }
                public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyProbePathAnswers200() {
        Container c = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        for (HTTPGetAction probe : List.of(c.getStartupProbe().getHttpGet(), c.getReadinessProbe().getHttpGet(),
                c.getLivenessProbe().getHttpGet())) {
            assertEquals("http", probe.getPort().getStrVal());
            assertEquals(200, status(probe.getPath()), probe.getPath());
        }
    }

    @Test
    void theContainerPortIsTheServerPort() throws Exception {
        Container c = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Path jar = Path.of(System.getProperty("server.jar", "../api-module/target/distilbertj-server.jar"));
        Properties app = new Properties();
        try (JarFile j = new JarFile(jar.toFile()); var in = j.getInputStream(j.getEntry("BOOT-INF/classes/application.properties"))) {
            app.load(in);
        }
        int containerPort = c.getPorts().stream().filter(p -> p.getName().equals("http")).findFirst().orElseThrow().getContainerPort();
        assertEquals(Integer.parseInt(app.getProperty("server.port")), containerPort);
        assertTrue(c.getEnv().stream().noneMatch(e -> e.getName().equals("SERVER_PORT")), "no SERVER_PORT override");
        assertTrue(c.getArgs().stream().noneMatch(a -> a.startsWith("--server.port")), "no --server.port override");
    }

    @Test
    void theScrapedPathServesTheSeriesTheHpaScalesOn() {
        List<JsonNode> objects = Manifests.render("base");
        ServiceMonitor monitor = (ServiceMonitor) StrictModel.validate(Manifests.find(objects, "ServiceMonitor"));
        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) StrictModel.validate(Manifests.find(objects, "HorizontalPodAutoscaler"));
        String path = monitor.getSpec().getEndpoints().getFirst().getPath();
        HttpResponse<String> scrape = get(path);
        assertEquals(200, scrape.statusCode(), path);

        String hpaMetric = hpa.getSpec().getMetrics().stream().filter(m -> m.getType().equals("Pods")).findFirst().orElseThrow()
                .getPods().getMetric().getName();
        AdapterRules rules = AdapterRules.parse(Manifests.readAll(Manifests.ROOT.resolve("prometheus-adapter/rules.yaml")).getFirst());
        AdapterRules.Rule rule = rules.rules().stream().filter(r -> r.name().as().equals(hpaMetric)).findFirst()
                .orElseThrow(() -> new AssertionError("no adapter rule exposes " + hpaMetric));
        String series = rule.seriesQuery().substring(0, rule.seriesQuery().indexOf('{'));
        assertTrue(series.matches(rule.name().matches()), "the rule's name pattern matches its series " + series);
        assertTrue(scrape.body().lines().anyMatch(l -> l.startsWith(series + "{")),
                "the server exposes " + series + " at " + path);
        assertTrue(scrape.body().contains("# TYPE " + series + " gauge"), series + " is a gauge");
        assertEquals(List.of("namespace", "pod"), rule.resources().overrides().keySet().stream().sorted().toList());
    }

    /**
     * Last: SIGTERM, as the kubelet sends after preStop. Readiness must turn 503 while the server still
     * answers (the drain), and the JVM must exit within terminationGracePeriodSeconds minus preStop.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void sigtermDrainsWithinTheGracePeriod() throws Exception {
        Container c = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        String readiness = c.getReadinessProbe().getHttpGet().getPath();
        long budget = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()
                - Long.parseLong(c.getLifecycle().getPreStop().getExec().getCommand().get(1));
        long start = System.nanoTime();
        server.destroy();   // SIGTERM
        boolean saw503 = false;
        while (server.isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(budget)) {
            saw503 |= status(readiness) == 503;
            Thread.sleep(100);
        }
        assertTrue(saw503, "readiness answered 503 during the drain");
        assertTrue(server.waitFor(1, TimeUnit.SECONDS), "the server exited within " + budget + " s of SIGTERM");
    }

    @Test
    void kernelThreadsComeFromTheEnvironment() throws IOException {
        // DISTILBERTJ_THREADS binds to distilbertj.threads (Spring's relaxed binding); the server logs its threads.
        assertEquals("1", threads, "the small overlay's limit");
        String text = Files.readString(log);
        assertTrue(text.contains(" on " + threads + " threads"), text);
    }
}
