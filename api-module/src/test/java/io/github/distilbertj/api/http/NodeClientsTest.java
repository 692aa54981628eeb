package io.github.distilbertj.api.http;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Matryoshka;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OpenAI Node SDK (float, base64 and its default base64-decoding path, dimensions) and Hugging
 * Face's JS client (featureExtraction with endpointUrl = our base URL, which posts to /) against this server,
 * unmodified: src/test/node/clients.mjs, installed by src/test/node/install.sh (which .ci/run calls).
 * Without the installed clients the test is skipped on a developer machine and fails under CI.
 */
class NodeClientsTest extends BuiltinModelTest {

    static final Path DIR = Path.of("src", "test", "node");

    @Test
    void officialClientsGetTheEncodersEmbeddings() throws Exception {
        boolean installed = Files.isRegularFile(DIR.resolve("node_modules/openai/package.json"))
                && Files.isRegularFile(DIR.resolve("node_modules/@huggingface/inference/package.json"));
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(installed, "run api-module/src/test/node/install.sh to install the Node clients");
        }
        assertThat(installed).as("Node clients installed by src/test/node/install.sh").isTrue();

        JsonNode out = Http.JSON.readTree(run("node", "clients.mjs", "http://127.0.0.1:" + port));
        try (Encoder encoder = Encoder.builtin(1)) {
            float[] expected = encoder.embed("What is Deep Learning?");
            assertThat(Http.maxAbsDiff(Http.floats(out.get("openaiFloat").get(0)), expected)).isLessThan(1e-5);
            assertThat(Http.maxAbsDiff(Http.floats(out.get("openaiFloat").get(1)), encoder.embed("Hello"))).isLessThan(1e-5);
            assertThat(out.get("openaiUsage").get("prompt_tokens").asInt())
                    .isEqualTo(encoder.tokenizer().encode("What is Deep Learning?").length() + encoder.tokenizer().encode("Hello").length());
            assertThat(Http.maxAbsDiff(Http.floats(out.get("openaiDefault")), expected)).isLessThan(1e-5);
            assertThat(out.get("openaiBase64").isString()).isTrue();
            float[] base64 = new float[expected.length];
            java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(out.get("openaiBase64").asString()))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(base64);
            assertThat(Http.maxAbsDiff(base64, expected)).isLessThan(1e-5);
            assertThat(Http.maxAbsDiff(Http.floats(out.get("openaiDimensions")), Matryoshka.truncate(expected, 64))).isLessThan(1e-5);
            JsonNode hf = out.get("hfFeatureExtraction");
            // TEI's default route answers a single input with one embedding in a list.
            float[] hfVector = Http.floats(hf.get(0).isArray() ? hf.get(0) : hf);
            assertThat(Http.maxAbsDiff(hfVector, expected)).isLessThan(1e-5);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(false).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(p.exitValue()).as("node exit code; stderr: " + stderr).isZero();
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
