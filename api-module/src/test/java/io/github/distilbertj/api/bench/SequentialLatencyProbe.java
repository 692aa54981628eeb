package io.github.distilbertj.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * Latency probe (not a test): sequential calls to a running server over one keep-alive connection, median and
 * p10/p90 in ms, after 200 untimed calls. {@code SequentialLatencyProbe URL CALLS [PAUSE_MS [BODY|GET]]}, e.g.
 * {@code http://127.0.0.1:18001/embed 300} (one short sentence), {@code http://127.0.0.1:18001/health 300 0 GET}.
 * Compare with model-module's EmbedProbe (the same embedding in process) to see what the service adds.
 */
public final class SequentialLatencyProbe {
    private SequentialLatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int calls = Integer.parseInt(args[1]);
        long pauseMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
        String body = args.length > 3 ? args[3]
                : "{\"inputs\": \"The quick brown fox jumps over the lazy dog near the river bank today.\"}";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = body.equals("GET") ? HttpRequest.newBuilder(URI.create(url)).GET().build()
                : HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < 200; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            if (pauseMs > 0) {
                Thread.sleep(pauseMs);
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
        }
        Arrays.sort(ms);
        System.out.printf("%s, %d sequential calls%s: median %.3f ms, p10 %.3f, p90 %.3f%n", url, calls,
                pauseMs > 0 ? " (" + pauseMs + " ms pause before each)" : "", ms[calls / 2], ms[calls / 10],
                ms[calls * 9 / 10]);
    }
}
