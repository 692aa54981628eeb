package io.github.distilbertj.api.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 concurrent clients send 50 single-text /embed requests each, of mixed lengths. Dynamic
 * batching must not change a number: every answer equals (within 1e-5) what the same text gets
 * when sent alone, nothing fails, and the request counters grow by exactly the requests sent.
 */
class ConcurrencyTest extends BuiltinModelTest {

    private static final int CLIENTS = 64;
    private static final int REQUESTS_PER_CLIENT = 50;
    private static final String[] WORDS = ("the quick brown fox jumps over lazy dog while seven wizards quietly "
            + "debate whether distilled transformers can embed every sentence of a long novel before lunch").split(" ");
    private static final int[] LENGTHS = {1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 32};

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (int variant = 0; variant < 2; variant++) {
            for (int len : LENGTHS) {
                StringBuilder sb = new StringBuilder();
                for (int w = 0; w < len; w++) {
                    sb.append(w == 0 ? "" : " ").append(WORDS[(w * 7 + variant * 3 + len) % WORDS.length]);
                }
                texts.add(sb.append('.').toString());
            }
        }
        return texts;
    }

    @Test
    void batchingUnderLoadGivesTheSingleRequestNumbers() throws Exception {
        List<String> texts = texts();
        List<float[]> alone = new ArrayList<>();
        for (String t : texts) {
            alone.add(Http.floats(http.post("/embed", body(t)).json().get(0)));
        }
        double countBefore = counter("distilbertj_request_count_total", "/embed");
        double successBefore = counter("distilbertj_request_success_total", "/embed");

        AtomicInteger failures = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        int pick = (client * 31 + i * 17) % texts.size();
                        Http.Response r = http.post("/embed", body(texts.get(pick)));
                        if (r.status() != 200) {
                            failures.incrementAndGet();
                            problems.add(r.status() + " " + r.body());
                            continue;
                        }
                        double diff = Http.maxAbsDiff(Http.floats(r.json().get(0)), alone.get(pick));
                        if (!(diff <= 1e-5)) {
                            mismatches.incrementAndGet();
                            problems.add("text " + pick + " differs by " + diff);
                        }
                    }
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).as("failures and mismatches").isEmpty();
        assertThat(failures.get()).isZero();
        assertThat(mismatches.get()).isZero();

        int sent = CLIENTS * REQUESTS_PER_CLIENT;
        assertThat(counter("distilbertj_request_count_total", "/embed") - countBefore).isEqualTo(sent);
        assertThat(counter("distilbertj_request_success_total", "/embed") - successBefore).isEqualTo(sent);
        // Requests really were batched together.
        assertThat(value("distilbertj_batch_size_max\\{application=\"distilbertj\",operation=\"encode\"\\}"))
                .isGreaterThan(1);
    }

    private static String body(String text) {
        return "{\"inputs\": \"" + text + "\"}";
    }

    private double counter(String name, String route) {
        return value(name + "\\{application=\"distilbertj\",route=\"" + Pattern.quote(route) + "\",transport=\"http\"\\}");
    }

    private double value(String seriesRegex) {
        String scrape = http.get("/actuator/prometheus").body();
        Matcher m = Pattern.compile("(?m)^" + seriesRegex + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
