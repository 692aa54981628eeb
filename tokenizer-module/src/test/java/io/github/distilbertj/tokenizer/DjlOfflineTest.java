package io.github.distilbertj.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * DJL (the test oracle) must not open any non-loopback connection. Each case runs {@link NoNetworkProbe} in a fresh
 * JVM so the guard is armed before DJL's classes initialise.
 */
class DjlOfflineTest {

    @Test
    void djlOpensNoConnectionWithTheOfflineSettings() throws Exception {
        List<String> out = runProbe(true);
        assertTrue(out.contains("DONE"), () -> "probe did not finish: " + out);
        // The raw socket is seen by the socket layer; the URL by the proxy selector, which then routes it to a
        // closed loopback port, so it never reaches the socket layer as 169.254.169.254.
        assertEquals(List.of("CONTROL socket: /192.0.2.1:9", "CONTROL url: http://169.254.169.254/latest/meta-data/"),
                out.stream().filter(l -> l.startsWith("CONTROL ")).toList(),
                "the guard must catch the deliberate connects to 192.0.2.1 and 169.254.169.254");
        assertEquals(List.of(), out.stream().filter(l -> l.startsWith("DJL ") || l.startsWith("OPEN ")).toList(),
                "DJL attempted network connections");
    }

    @Test
    void theGuardCatchesDjlTelemetryWhenTheOfflineSettingsAreMissing() throws Exception {
        // Without OPT_OUT_TRACKING / DJL_OFFLINE / -Doffline DJL calls home via 169.254.169.254: the guard must
        // see it (and refuse it before anything is sent), which shows the first test would notice a leak.
        List<String> out = runProbe(false);
        assertTrue(out.contains("DONE"), () -> "probe did not finish: " + out);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("DJL ") && l.contains("169.254.169.254")),
                () -> "expected DJL's EC2 metadata call to be caught: " + out);
    }

    private static List<String> runProbe(boolean offline) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath));
        if (offline) {
            command.add("-Doffline=true");
        }
        command.add(NoNetworkProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        if (offline) {
            env.put("OPT_OUT_TRACKING", "true");
            env.put("DJL_OFFLINE", "true");
        } else {
            env.remove("OPT_OUT_TRACKING");
            env.remove("DJL_OFFLINE");
        }
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe JVM timed out");
        }
        return new String(stdout, StandardCharsets.UTF_8).lines().toList();
    }
}
