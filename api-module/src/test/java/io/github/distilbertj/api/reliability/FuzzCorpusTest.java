package io.github.distilbertj.api.reliability;

import io.github.distilbertj.api.http.BuiltinModelTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz corpus of issue #13 over every POST route and the security-relevant paths, on raw
 * sockets (so that invalid UTF-8, malformed request lines and dot segments reach the server as
 * they are): every answer is a 4xx (never 5xx) with a JSON error body naming no library internals,
 * the log gets no ERROR and no stack trace, and the model's embeddings are bit-identical before and
 * after.
 */
@ExtendWith(OutputCaptureExtension.class)
class FuzzCorpusTest extends BuiltinModelTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ROUTES = List.of("/embed", "/embed_all", "/tokenize", "/decode", "/predict",
            "/fill-mask", "/v1/embeddings", "/embeddings");
    private static final String PROBE = "{\"inputs\": [\"The quick brown fox.\", \"Fuzzing must not change this.\"]}";

    record Case(String name, byte[] request) {
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        List<String> bodies = new ArrayList<>(List.of(
                "", "{", "}", "[", "null", "true", "0", "\"inputs\"", "{\"inputs\": }", "{\"inputs\": [\"a\",]}",
                "{\"inputs\": \"a\"} trailing", "{\"inputs\": \"a\", \"inputs\": 1}", "{inputs: \"a\"}", "{'inputs': 'a'}",
                "{\"inputs\": 1}", "{\"inputs\": {}}", "{\"inputs\": true}", "{\"inputs\": [[[]]]}", "{\"inputs\": [1.5]}",
                "{\"inputs\": [\"a\", 1]}", "{\"inputs\": [[\"a\"], \"b\"]}", "{\"inputs\": \"a\", \"normalize\": \"yes\"}",
                "{\"inputs\": \"a\", \"truncate\": 1}", "{\"inputs\": \"a\", \"truncation_direction\": \"Up\"}",
                "{\"inputs\": \"a\", \"top_k\": -3}", "{\"inputs\": \"a\", \"unknown_field\": 1}",
                "{\"input\": \"a\", \"encoding_format\": \"hex\"}", "{\"input\": \"a\", \"dimensions\": 7}",
                "{\"inputs\": [1e400]}", "{\"inputs\": [99999999999999999999999999]}", "{\"inputs\": [-1]}",
                "{\"inputs\": [2147483648]}", "{\"ids\": [999999]}", "{\"ids\": [-5]}", "{\"ids\": [[1, 2], 3]}",
                "{\"inputs\": [999999, 1000000]}", "{\"input\": [[999999]]}", "{\"inputs\": \"a\", \"top_k\": 1e99}",
                "{\"inputs\": \"\\ud800\"}", "{\"inputs\": \"\\udfff lone low\"}", "{\"inputs\": \"\\u0000\"}",
                "{\"inputs\": \"\\uZZZZ\"}", "{\"inputs\": [\"\"]}", "{\"inputs\": []}", "{\"input\": []}"));
        bodies.add("[".repeat(5000) + "]".repeat(5000));
        bodies.add("{\"inputs\": " + "[".repeat(3000) + "\"a\"" + "]".repeat(3000) + "}");
        bodies.add("{\"a\":".repeat(2000) + "1" + "}".repeat(2000));
        bodies.add("{\"inputs\": \"" + "9".repeat(50_000) + "\"}");
        bodies.add("{\"inputs\": [" + "1,".repeat(20_000) + "1]}");
        StringBuilder giant = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 5000; i++) {
            giant.append(i == 0 ? "" : ",").append("\"x\"");
        }
        bodies.add(giant.append("]}").toString());
        for (String route : ROUTES) {
            for (String body : bodies) {
                cases.add(new Case(route + " " + abbreviate(body), RawHttp.postJson(route, body)));
            }
            for (byte[] bad : invalidUtf8()) {
                cases.add(new Case(route + " invalid UTF-8", RawHttp.request("POST", route, "application/json", bad)));
            }
            cases.add(new Case(route + " text/plain", RawHttp.request("POST", route, "text/plain",
                    "{\"inputs\": \"a\"}".getBytes(StandardCharsets.UTF_8))));
            cases.add(new Case(route + " GET", RawHttp.request("GET", route, null, null)));
        }
        for (String path : List.of("/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus",
                "/actuator/health/..;/prometheus", "/actuator/health/%2E%2E/metrics", "/embed/../info", "/./info",
                "/actuator/health/.%2e/prometheus", "/actuator;x=1/prometheus", "/info%00", "/%c0%ae%c0%ae/info",
                "/actuator/health/..%5cprometheus", "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/nope", "/v1/nope")) {
            cases.add(new Case("GET " + path, RawHttp.request("GET", path, null, null)));
            cases.add(new Case("POST " + path, RawHttp.postJson(path, "{\"inputs\": \"a\"}")));
        }
        cases.add(new Case("malformed request line", "GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(new Case("bad method chars", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(new Case("bad URI chars", "GET /in fo HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(new Case("oversized header", ("GET /info HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(new Case("bad header line", "GET /info HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)));
        return cases;
    }

    private static List<byte[]> invalidUtf8() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] bad : List.of(new byte[] {(byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80})) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes("{\"inputs\": \"ab".getBytes(StandardCharsets.UTF_8));
            b.writeBytes(bad);
            b.writeBytes("cd\"}".getBytes(StandardCharsets.UTF_8));
            out.add(b.toByteArray());
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "... (" + s.length() + " chars)";
    }

    private float[][] probe() throws IOException {
        try (RawHttp c = new RawHttp(port, 30_000)) {
            RawHttp.Answer a = c.exchange(RawHttp.postJson("/embed", PROBE));
            assertThat(a.status()).isEqualTo(200);
            return JSON.readValue(a.body(), float[][].class);
        }
    }

    @Test
    void noFiveHundredsJsonBodiesNoInternalsAndTheModelIsUnchanged(CapturedOutput output) throws IOException {
        float[][] before = probe();
        List<String> problems = new ArrayList<>();
        List<Case> corpus = corpus();
        for (Case c : corpus) {
            try (RawHttp conn = new RawHttp(port, 30_000)) {
                RawHttp.Answer a = conn.exchange(c.request());
                String body = a.text();
                if (a.status() >= 500) {
                    problems.add(c.name() + ": " + a.status() + " " + body);
                } else if (a.status() >= 400) {
                    String type = a.header("content-type");
                    JsonNode json = null;
                    try {
                        json = JSON.readTree(body);
                    } catch (RuntimeException notJson) {
                        // reported below
                    }
                    boolean openAi = c.name().contains("/v1/") || c.name().startsWith("/embeddings");
                    String messageField = openAi ? "message" : "error";
                    if (type == null || !type.startsWith("application/json") || json == null || !json.has(messageField)
                            || !json.has("error_type") || (openAi && !json.has("code"))) {
                        problems.add(c.name() + ": " + a.status() + " " + type + " " + abbreviate(body));
                    } else if (body.matches("(?s).*(Exception|StreamReadConstraints|tools\\.jackson|com\\.fasterxml|"
                            + "io\\.github\\.distilbertj|java\\.lang|\\.java:).*")) {
                        problems.add(c.name() + ": internals in " + abbreviate(body));
                    }
                }
            } catch (IOException e) {
                problems.add(c.name() + ": no answer (" + e + ")");
            }
        }
        assertThat(problems).as("of %d cases", corpus.size()).isEmpty();
        assertThat(probe()).isDeepEqualTo(before);
        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
    }
}
