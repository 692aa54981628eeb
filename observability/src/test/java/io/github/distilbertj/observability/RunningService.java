package io.github.distilbertj.observability;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real server jar run as a child process on a free loopback port, as the Dockerfile runs it:
 * {@code java --add-modules jdk.incubator.vector -jar distilbertj-server.jar}, on the built-in
 * all-MiniLM-L6-v2. It admits only {@value #MAX_CONCURRENT_REQUESTS} concurrent inference requests,
 * so that a burst of traffic gets 429 Overloaded answers and the error counters have that type too.
 */
final class RunningService implements AutoCloseable {

    static final int MAX_CONCURRENT_REQUESTS = 2;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final ChildProcess process;
    private final int port;

    private RunningService(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static Path jar() {
        return Path.of(System.getProperty("server.jar", "../api-module/target/distilbertj-server.jar"))
                .toAbsolutePath().normalize();
    }

    /** Starts the jar, waits until /actuator/health/readiness answers 200, then sends {@link Traffic}. */
    static RunningService start() {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build api-module first (./mvnw -B -pl api-module -am package"
                    + " -DskipTests, or the whole reactor, which lists api-module before observability)");
        }
        int port = ChildProcess.freeLoopbackPort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ChildProcess process = ChildProcess.start("distilbertj-server", List.of(java,
                "--add-modules", "jdk.incubator.vector", "-Xmx2g", "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--distilbertj.max-concurrent-requests=" + MAX_CONCURRENT_REQUESTS),
                Map.of("OPT_OUT_TRACKING", "true", "DJL_OFFLINE", "true"));
        RunningService service = new RunningService(process, port);
        try {
            service.awaitReady();
            Traffic.send(service);
            return service;
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String scrape() {
        var response = Http.get(uri("/actuator/prometheus"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
        }
        return response.body();
    }

    String logTail() {
        return process.logTail();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        URI readiness = uri("/actuator/health/readiness");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited before it was ready\n" + process.logTail());
            }
            if (Http.statusOrMinusOne(readiness) == 200) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("the server was not ready within " + READY_TIMEOUT + "\n" + process.logTail());
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
