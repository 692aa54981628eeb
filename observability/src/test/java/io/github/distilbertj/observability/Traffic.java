package io.github.distilbertj.observability;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Requests to every route the dashboards and alerts look at, good and bad, so that each meter
 * they read exists: successes on the embedding routes (request, tokenization, queue, inference,
 * pooling, batch meters), Validation and Backend errors, a 404, and a concurrent burst beyond
 * {@link RunningService#MAX_CONCURRENT_REQUESTS} for Overloaded (429). Bounded: a few dozen requests.
 */
final class Traffic {

    private static final String SENTENCE = "Observability turns a black box into a glass box: latency, "
            + "throughput, batching and errors of every operation, measured where they happen.";

    private Traffic() {
    }

    /** Every route once, then the overload burst. */
    static void send(RunningService s) {
        everyRoute(s);
        burstUntilOverloaded(s);
    }

    /** One request per route, good and bad; no burst. */
    static void everyRoute(RunningService s) {
        expect(200, s, "/embed", "{\"inputs\": \"hello world\"}");
        expect(200, s, "/embed", "{\"inputs\": [\"first input\", \"a second, longer input\", \"third\", \"fourth\"]}");
        expect(200, s, "/embed_all", "{\"inputs\": \"token level states\"}");
        expect(200, s, "/v1/embeddings", "{\"input\": [\"openai style\", \"two inputs\"], \"model\": \"any\"}");
        expect(200, s, "/tokenize", "{\"inputs\": \"tokenize me\"}");
        expect(200, s, "/decode", "{\"ids\": [101, 7592, 2088, 102]}");
        expectStatus(200, "/info", Http.get(s.uri("/info")));
        expectStatus(200, "/health", Http.get(s.uri("/health")));
        // Errors: malformed JSON and an unknown field (Validation, 422), an unknown route (404),
        // a classifier route on an embedding model (Backend, 424), too many inputs (413).
        expectClientOrServerError(s, "/embed", "{not json");
        expectClientOrServerError(s, "/embed", "{\"bogus\": 1}");
        expectClientOrServerError(s, "/predict", "{\"inputs\": \"no classification head\"}");
        expectClientOrServerError(s, "/embed", tooManyInputs());
        expectStatus(404, "/no-such-route", Http.get(s.uri("/no-such-route")));
    }

    /** Concurrent batched requests until one is turned away with 429 (at most 5 rounds of 8 requests of 8 inputs). */
    private static void burstUntilOverloaded(RunningService s) {
        StringBuilder inputs = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 8; i++) {
            inputs.append(i == 0 ? "" : ", ").append('"').append(i).append(' ').append(SENTENCE).append('"');
        }
        String body = inputs.append("]}").toString();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int round = 0; round < 5; round++) {
                List<Future<HttpResponse<String>>> futures = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit(() -> Http.postJson(s.uri("/embed"), body)));
                }
                boolean overloaded = false;
                for (Future<HttpResponse<String>> f : futures) {
                    int status = f.get().statusCode();
                    if (status != 200 && status != 429) {
                        throw new AssertionError("burst on /embed answered " + status);
                    }
                    overloaded |= status == 429;
                }
                if (overloaded) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        throw new AssertionError("8 concurrent /embed requests never got 429 with max-concurrent-requests="
                + RunningService.MAX_CONCURRENT_REQUESTS);
    }

    private static String tooManyInputs() {
        StringBuilder b = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 1000; i++) {
            b.append(i == 0 ? "" : ", ").append("\"x\"");
        }
        return b.append("]}").toString();
    }

    private static void expect(int status, RunningService s, String path, String json) {
        expectStatus(status, path, Http.postJson(s.uri(path), json));
    }

    private static void expectClientOrServerError(RunningService s, String path, String json) {
        HttpResponse<String> r = Http.postJson(s.uri(path), json);
        if (r.statusCode() < 400 || !r.body().contains("error_type")) {
            throw new AssertionError("POST " + path + " " + json.substring(0, Math.min(60, json.length()))
                    + " should fail with a typed error, got " + r.statusCode() + " " + r.body());
        }
    }

    private static void expectStatus(int status, String what, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new AssertionError(r.request().method() + " " + what + " answered " + r.statusCode()
                    + " (expected " + status + "): " + r.body());
        }
    }
}
