package io.github.distilbertj.api.http;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rejected request gets TEI's JSON error body with TEI's status and no stack trace, and
 * the service keeps answering: each case is followed by a request that must succeed.
 */
class ErrorsTest extends BuiltinModelTest {

    private void expect(Http.Response r, int status, String type, String fragment) {
        expect(r, status, type, fragment, false);
    }

    /** TEI's OpenAICompatErrorResponse on /v1/* and /embeddings: {message, code, error_type}. */
    private void expectOpenAi(Http.Response r, int status, String type, String fragment) {
        expect(r, status, type, fragment, true);
    }

    private void expect(Http.Response r, int status, String type, String fragment, boolean openAi) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode json = r.json();
        assertThat(json.get("error_type").asString()).isEqualTo(type);
        if (openAi) {
            assertThat(json.get("message").asString()).containsIgnoringCase(fragment);
            assertThat(json.get("code").asInt()).isEqualTo(status);
            assertThat(json.has("error")).isFalse();
        } else {
            assertThat(json.get("error").asString()).containsIgnoringCase(fragment);
        }
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.");
        Http.Response ok = http.post("/embed", "{\"inputs\": \"the service still works\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get(0).size()).isEqualTo(384);
    }

    @Test
    void emptyInputList() {
        expect(http.post("/embed", "{\"inputs\": []}"), 422, "Validation", "cannot be empty");
    }

    @Test
    void emptyString() {
        expect(http.post("/embed", "{\"inputs\": \"\"}"), 422, "Validation", "cannot be empty");
        expect(http.post("/embed", "{\"inputs\": [\"ok\", \"\"]}"), 422, "Validation", "inputs[1]");
    }

    @Test
    void missingInputs() {
        expect(http.post("/embed", "{\"normalize\": true}"), 422, "Validation", "missing field `inputs`");
        expectOpenAi(http.post("/v1/embeddings", "{\"model\": \"x\"}"), 422, "Validation", "missing field `input`");
    }

    @Test
    void inputLongerThanMaxInputLengthWithoutTruncate() {
        String longText = "word ".repeat(600);
        expect(http.post("/embed", "{\"inputs\": \"" + longText + "\", \"truncate\": false}"), 413, "Validation",
                "must have less than 512 tokens");
        StringBuilder ids = new StringBuilder("[101");
        for (int i = 0; i < 600; i++) {
            ids.append(",2773");
        }
        ids.append(",102]");
        expect(http.post("/embed", "{\"inputs\": " + ids + "}"), 413, "Validation", "must have less than 512 tokens");
    }

    @Test
    void tooManyInputs() {
        String inputs = "\"a\",".repeat(32) + "\"a\"";
        expect(http.post("/embed", "{\"inputs\": [" + inputs + "]}"), 413, "Validation",
                "batch size 33 > maximum allowed batch size 32");
    }

    @Test
    void idsOutsideTheVocabulary() {
        expect(http.post("/embed", "{\"inputs\": [101, 30522, 102]}"), 422, "Validation", "outside the vocabulary");
        expect(http.post("/embed", "{\"inputs\": [101, -1, 102]}"), 422, "Validation", "token id");
        expect(http.post("/decode", "{\"ids\": [101, 99999999]}"), 422, "Validation", "outside the vocabulary");
        expect(http.post("/embed", "{\"inputs\": [101, 1.5, 102]}"), 422, "Validation", "token id");
    }

    @Test
    void malformedJson() {
        expect(http.post("/embed", "{\"inputs\": "), 422, "Validation", "malformed JSON");
        expect(http.post("/embed", "{\"inputs\": \"a\"} trailing"), 422, "Validation", "");
        expect(http.post("/embed", ""), 422, "Validation", "body");
    }

    @Test
    void wrongTypes() {
        expect(http.post("/embed", "{\"inputs\": 5}"), 422, "Validation", "`inputs` must be");
        expect(http.post("/embed", "{\"inputs\": [\"a\", {\"b\": 1}]}"), 422, "Validation", "inputs[1]");
        expect(http.post("/embed", "{\"inputs\": \"a\", \"normalize\": \"yes\"}"), 422, "Validation",
                "`normalize` must be a boolean");
        expect(http.post("/embed", "{\"inputs\": \"a\", \"truncate\": 1}"), 422, "Validation", "`truncate`");
        expect(http.post("/embed", "{\"inputs\": \"a\", \"truncation_direction\": \"Up\"}"), 422, "Validation",
                "truncation_direction");
        expect(http.post("/embed", "[\"a\"]"), 422, "Validation", "JSON object");
        expect(http.post("/decode", "{\"ids\": \"101\"}"), 422, "Validation", "`ids` must be");
        expect(http.post("/tokenize", "{\"inputs\": [1, 2]}"), 422, "Validation", "inputs[0]");
    }

    @Test
    void openAiRoutesAnswerTeisOpenAiCompatErrorShape() {
        expectOpenAi(http.post("/v1/embeddings", "{\"input\": []}"), 422, "Validation", "cannot be empty");
        expectOpenAi(http.post("/embeddings", "{\"input\": "), 422, "Validation", "malformed JSON");
        expectOpenAi(http.post("/v1/embeddings", "text/plain", "hi"), 415, "Validation", "application/json");
        expect(http.post("/embed", "{\"inputs\": []}"), 422, "Validation", "cannot be empty");
    }

    @Test
    void readerLimitsAreNamedWithoutLibraryInternals() {
        Http.Response deep = http.post("/embed", "{\"inputs\": " + "[".repeat(2000) + "]".repeat(2000) + "}");
        expect(deep, 422, "Validation", "nesting depth");
        assertThat(deep.body()).doesNotContain("StreamReadConstraints").doesNotContain("`");
        Http.Response huge = http.post("/embed", "{\"inputs\": [1" + "0".repeat(2000) + "]}");
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.body()).doesNotContain("StreamReadConstraints").doesNotContain("Exception");
    }

    @Test
    void unknownField() {
        expect(http.post("/embed", "{\"inputs\": \"a\", \"nromalize\": false}"), 422, "Validation",
                "unknown field `nromalize`");
        expectOpenAi(http.post("/v1/embeddings", "{\"input\": \"a\", \"temperature\": 1}"), 422, "Validation",
                "unknown field `temperature`");
    }

    @Test
    void unsupportedOptions() {
        expect(http.post("/embed", "{\"inputs\": \"a\", \"prompt_name\": \"query\"}"), 422, "Validation", "prompt_name");
        expectOpenAi(http.post("/v1/embeddings", "{\"input\": \"a\", \"dimensions\": 128}"), 422, "Validation",
                "`dimensions` 128 is not supported");
        expectOpenAi(http.post("/v1/embeddings", "{\"input\": \"a\", \"encoding_format\": \"hex\"}"), 422, "Validation",
                "encoding_format");
    }

    @Test
    void bodyOverTheSizeLimit() {
        String big = "{\"inputs\": \"" + "a".repeat(70 * 1024) + "\"}";
        expect(http.post("/embed", big), 413, "Validation", "limit");
        // No Content-Length: the body is streamed in chunks and cut off while being read.
        HttpRequest chunked = http.builder("/embed").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build();
        expect(http.send(chunked), 413, "Validation", "larger than");
    }

    @Test
    void wrongContentType() {
        expect(http.post("/embed", "text/plain", "{\"inputs\": \"a\"}"), 415, "Validation", "application/json");
    }

    @Test
    void unknownRouteAndWrongMethod() {
        expect(http.post("/embedz", "{\"inputs\": \"a\"}"), 404, "Validation", "no route");
        expect(http.get("/no/such/thing"), 404, "Validation", "no route");
        expect(http.get("/embed"), 405, "Validation", "not allowed");
    }

    @Test
    void fillMaskArgumentsAreCheckedBeforeTheHead() {
        expect(http.post("/fill-mask", "{\"inputs\": \"a [MASK]\", \"top_k\": 0}"), 422, "Validation", "top_k");
    }
}
