package io.github.distilbertj.observability;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Dockerfile's instructions (no Docker engine here): a JDK 25 runtime base, the server jar
 * copied and started with the Vector API module by a non-root user, port 8080, and a HEALTHCHECK
 * whose command is run for real against the server jar, a server answering 503 and a closed port.
 */
@ExtendWith(ServiceExtension.class)
class DockerfileTest {

    static final String JAR_SOURCE = "api-module/target/distilbertj-server.jar";

    private static DockerfileInstructions dockerfile;
    private static RunningService service;

    @BeforeAll
    static void parse(RunningService running) throws IOException {
        dockerfile = DockerfileInstructions.parse(Files.readString(MonitoringQueries.repoRoot().resolve("Dockerfile")));
        service = running;
    }

    @Test
    void runtimeImageOnJdk25() {
        String image = dockerfile.only("FROM").words().getFirst();
        assertTrue(image.matches("(?:[\\w.\\-]+/)*eclipse-temurin:25(?:[.\\-_][\\w.\\-]*)?"),
                "base image must be Temurin 25 (JRE or JDK), got " + image);
    }

    @Test
    void copiesTheServerJarAndStartsItWithTheVectorModule() {
        List<String> copy = dockerfile.all("COPY").stream()
                .map(DockerfileInstructions.Instruction::words)
                .filter(w -> w.contains(JAR_SOURCE))
                .findFirst().orElseThrow(() -> new AssertionError("no COPY of " + JAR_SOURCE));
        String dest = copy.getLast();
        String jarInImage = dest.endsWith("/") ? dest + "distilbertj-server.jar" : dest;
        assertTrue(jarInImage.startsWith("/"), "copy the jar to an absolute path, got " + dest);

        List<String> entry = dockerfile.last("ENTRYPOINT").execForm();
        assertTrue(entry.getFirst().equals("java") || entry.getFirst().endsWith("/bin/java"),
                "ENTRYPOINT must start java (exec form, so it gets SIGTERM): " + entry);
        int addModules = entry.indexOf("--add-modules");
        assertTrue(entry.contains("--add-modules=jdk.incubator.vector")
                        || (addModules >= 0 && entry.get(addModules + 1).contains("jdk.incubator.vector")),
                "ENTRYPOINT must add jdk.incubator.vector: " + entry);
        int jar = entry.indexOf("-jar");
        assertTrue(jar >= 0 && entry.get(jar + 1).equals(jarInImage), "ENTRYPOINT must run -jar " + jarInImage + ": " + entry);
    }

    @Test
    void runsAsNonRootUser() {
        List<DockerfileInstructions.Instruction> all = dockerfile.instructions();
        int user = all.lastIndexOf(dockerfile.last("USER"));
        int entry = all.lastIndexOf(dockerfile.last("ENTRYPOINT"));
        assertTrue(user < entry, "USER must come before ENTRYPOINT");
        String name = dockerfile.last("USER").words().getFirst().split(":")[0];
        assertNotEquals("root", name);
        assertNotEquals("0", name);
    }

    @Test
    void exposes8080() {
        assertTrue(dockerfile.all("EXPOSE").stream().flatMap(i -> i.words().stream())
                .anyMatch(p -> p.equals("8080") || p.equals("8080/tcp")), "EXPOSE 8080 missing");
    }

    @Test
    void healthCheckProbesReadiness() throws Exception {
        List<String> command = healthCheckCommand();
        assertTrue(String.join(" ", command).contains("/actuator/health/readiness"), "HEALTHCHECK must probe readiness");

        assertEquals(0, run(command, service.port()), "HEALTHCHECK must pass against the ready server");
        assertNotEquals(0, run(command, ChildProcess.freeLoopbackPort()), "HEALTHCHECK must fail when nothing listens");

        HttpServer notReady = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        notReady.createContext("/actuator/health/readiness", exchange -> {
            byte[] body = "{\"status\":\"OUT_OF_SERVICE\"}".getBytes();
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        notReady.start();
        try {
            assertNotEquals(0, run(command, notReady.getAddress().getPort()), "HEALTHCHECK must fail on 503");
        } finally {
            notReady.stop(0);
        }
    }

    /** The exec-form command after {@code CMD}, options ({@code --interval=...}) checked on the way. */
    static List<String> healthCheckCommand() {
        String args = readDockerfile().only("HEALTHCHECK").arguments();
        int cmd = args.indexOf("CMD ");
        assertTrue(cmd >= 0, "HEALTHCHECK needs CMD: " + args);
        for (String option : args.substring(0, cmd).trim().split("\\s+")) {
            assertTrue(option.isEmpty() || option.matches("--(interval|timeout|start-period|start-interval|retries)=\\w+"),
                    "unknown HEALTHCHECK option " + option);
        }
        return DockerfileInstructions.jsonArray(args.substring(cmd + 4).trim());
    }

    private static DockerfileInstructions readDockerfile() {
        try {
            return DockerfileInstructions.parse(Files.readString(MonitoringQueries.repoRoot().resolve("Dockerfile")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the health-check command as the container would, with SERVER_PORT pointing at {@code port}. */
    private static int run(List<String> command, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SERVER_PORT", Integer.toString(port));
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("HEALTHCHECK command did not finish in 10 s (Docker's --timeout would kill it)");
        }
        return p.exitValue();
    }

    @Test
    void dockerIgnoreKeepsOnlyTheJar() throws IOException {
        List<String> patterns = new ArrayList<>();
        for (String line : Files.readAllLines(MonitoringQueries.repoRoot().resolve(".dockerignore"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                patterns.add(line.strip());
            }
        }
        Map<String, Boolean> expected = Map.of(JAR_SOURCE, false, "api-module/src/main/java/X.java", true,
                ".git/config", true, "tokenizer-module/target/classes/A.class", true);
        expected.forEach((path, excluded) -> assertEquals(excluded, excluded(patterns, path),
                path + (excluded ? " should stay out of" : " must be in") + " the build context"));
    }

    /** Docker's rule: the last matching pattern wins; a pattern that matches a parent folder matches its files. */
    private static boolean excluded(List<String> patterns, String path) {
        boolean excluded = false;
        for (String pattern : patterns) {
            boolean negate = pattern.startsWith("!");
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + (negate ? pattern.substring(1) : pattern));
            Path p = Path.of(path);
            for (int n = 1; n <= p.getNameCount(); n++) {
                if (matcher.matches(p.subpath(0, n))) {
                    excluded = !negate;
                    break;
                }
            }
        }
        return excluded;
    }
}
