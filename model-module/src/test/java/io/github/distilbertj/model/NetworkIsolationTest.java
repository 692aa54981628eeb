package io.github.distilbertj.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracles (ONNX Runtime, LangChain4j, DJL) and the built-in encoder open no socket other than
 * loopback. {@link NetworkProbe} runs in a fresh JVM so the guard is armed before their classes
 * initialise, with the offline settings the parent POM gives Surefire.
 */
class NetworkIsolationTest {

    @Test
    void oraclesOpenNoNonLoopbackConnection() throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Doffline=true", "-cp", classPath, NetworkProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM timed out");
        List<String> out = new String(stdout, StandardCharsets.UTF_8).lines().toList();
        assertTrue(out.contains("DONE"), () -> "probe did not finish: " + out);
        // The detector must see the deliberate attempts, stopped before a packet leaves: the raw
        // socket by the socket layer, the HttpClient request by the proxy-selector layer.
        assertEquals(List.of("CONTROL socket: /192.0.2.1:9", "CONTROL url: http://192.0.2.1:9/"),
                out.stream().filter(l -> l.startsWith("CONTROL ")).toList(), "the guard missed a deliberate connect");
        assertTrue(out.contains("INFO ORT inputs [input_ids, attention_mask, token_type_ids]")
                || out.stream().anyMatch(l -> l.startsWith("INFO ORT inputs")), () -> "ORT did not run: " + out);
        assertEquals(List.of(), out.stream().filter(l -> l.startsWith("ORACLE ")).toList(),
                "the oracles attempted non-loopback connections");
    }
}
