package io.github.distilbertj.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This project's forward passes against PyTorch's on the committed tiny fixtures. */
class PyTorchParityTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"distilbert-tiny", "distilbert-tiny-tied", "distilbert-tiny-f16", "distilbert-tiny-bf16",
            "distilbert-tiny-cls", "distilbert-tiny-noprefix", "bert-tiny"})
    void lastHiddenStateAndPoolingMatchPyTorch(String name) throws IOException {
        Fixtures.Reference ref = Fixtures.Reference.of(name);
        int[][] ids = ref.ints("input_ids");
        int[][] mask = ref.ints("attention_mask");
        int[][] types = ref.has("token_type_ids") ? ref.ints("token_type_ids") : null;
        long[] shape = ref.shape("last_hidden_state");
        int batch = (int) shape[0];
        int seq = (int) shape[1];
        int hidden = (int) shape[2];
        float[] expected = ref.floats("last_hidden_state");
        try (Encoder encoder = Encoder.load(Fixtures.folder(name), 2)) {
            assertEquals(hidden, encoder.config().hiddenSize());
            // Padded rows as PyTorch ran them: every position, padding included, must agree.
            float[][][] padded = encoder.forward(ids, types, mask);
            double maxDiff = 0;
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < seq; t++) {
                    for (int j = 0; j < hidden; j++) {
                        maxDiff = Math.max(maxDiff, Math.abs(padded[b][t][j] - expected[(b * seq + t) * hidden + j]));
                    }
                }
            }
            System.out.printf("%s vs PyTorch: last_hidden_state (padded batch) max abs diff %.3g%n", name, maxDiff);
            assertTrue(maxDiff <= TOLERANCE, name + " padded last_hidden_state max abs diff " + maxDiff);

            // Unpadded rows of uneven length: the real positions must agree too.
            int[][] trimmedIds = new int[batch][];
            int[][] trimmedTypes = types == null ? null : new int[batch][];
            int[][] trimmedMask = new int[batch][];
            for (int b = 0; b < batch; b++) {
                int len = Arrays.stream(mask[b]).sum();
                trimmedIds[b] = Arrays.copyOf(ids[b], len);
                trimmedMask[b] = Arrays.copyOf(mask[b], len);
                if (types != null) {
                    trimmedTypes[b] = Arrays.copyOf(types[b], len);
                }
            }
            float[][][] trimmed = encoder.forward(trimmedIds, trimmedTypes, trimmedMask);
            double trimmedDiff = 0;
            for (int b = 0; b < batch; b++) {
                assertEquals(trimmedIds[b].length, trimmed[b].length);
                for (int t = 0; t < trimmed[b].length; t++) {
                    for (int j = 0; j < hidden; j++) {
                        trimmedDiff = Math.max(trimmedDiff, Math.abs(trimmed[b][t][j] - expected[(b * seq + t) * hidden + j]));
                    }
                }
            }
            System.out.printf("%s vs PyTorch: last_hidden_state (uneven rows) max abs diff %.3g%n", name, trimmedDiff);
            assertTrue(trimmedDiff <= TOLERANCE, name + " unpadded last_hidden_state max abs diff " + trimmedDiff);

            assertMaxDiff(name + " pooled_mean", ref.floats("pooled_mean"), Pooling.MEAN.pool(trimmed, trimmedMask));
            assertMaxDiff(name + " pooled_cls", ref.floats("pooled_cls"), Pooling.CLS.pool(padded, mask));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"distilbert-tiny", "distilbert-tiny-tied", "distilbert-tiny-f16", "distilbert-tiny-bf16"})
    void maskedLmLogitsMatchPyTorch(String name) throws IOException {
        Fixtures.Reference ref = Fixtures.Reference.of(name);
        try (Encoder encoder = Encoder.load(Fixtures.folder(name), 2)) {
            assertTrue(encoder.hasMaskedLmHead());
            float[][] logits = encoder.maskedLmLogits(ref.ints("input_ids"), ref.ints("attention_mask"),
                    ref.ints("mlm_positions"));
            assertMaxDiff(name + " mlm_logits", ref.floats("mlm_logits"), logits);
        }
    }

    @Test
    void classifierLogitsMatchPyTorch() throws IOException {
        Fixtures.Reference ref = Fixtures.Reference.of("distilbert-tiny-cls");
        try (Encoder encoder = Encoder.load(Fixtures.folder("distilbert-tiny-cls"), 2)) {
            assertEquals(List.of("NEGATIVE", "POSITIVE", "NEUTRAL"), encoder.labels());
            float[][] logits = encoder.classifierLogits(ref.ints("input_ids"), null, ref.ints("attention_mask"));
            assertMaxDiff("classifier_logits", ref.floats("classifier_logits"), logits);
        }
    }

    @Test
    void bertPoolerMatchesPyTorch() throws IOException {
        Fixtures.Reference ref = Fixtures.Reference.of("bert-tiny");
        try (Encoder encoder = Encoder.load(Fixtures.folder("bert-tiny"), 1)) {
            float[][] pooled = encoder.poolerOutput(ref.ints("input_ids"), ref.ints("token_type_ids"),
                    ref.ints("attention_mask"));
            assertMaxDiff("pooler_output", ref.floats("pooler_output"), pooled);
        }
    }

    @Test
    void fillMaskRanksTheMaskedLmLogits() throws IOException {
        try (Encoder encoder = Encoder.load(Fixtures.folder("distilbert-tiny"), 1)) {
            String text = "the capital of france is [MASK], and [MASK] is a river.";
            List<List<MaskPrediction>> predictions = encoder.fillMask(text, 5);
            assertEquals(2, predictions.size());
            var e = encoder.tokenizer().encode(text);
            int first = -1;
            for (int t = 0; t < e.length(); t++) {
                if (e.id(t) == encoder.tokenizer().maskId()) {
                    first = t;
                    break;
                }
            }
            float[] logits = encoder.maskedLmLogits(new int[][] {e.ids()}, null, new int[][] {{0, first}})[0];
            Integer[] order = new Integer[logits.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
            double sum = 0;
            double max = logits[order[0]];
            for (float l : logits) {
                sum += Math.exp(l - max);
            }
            List<MaskPrediction> top = predictions.get(0);
            assertEquals(5, top.size());
            for (int i = 0; i < 5; i++) {
                MaskPrediction p = top.get(i);
                assertEquals(order[i], p.id());
                assertEquals(encoder.tokenizer().idToToken(order[i]), p.token());
                assertEquals(Math.exp(logits[order[i]] - max) / sum, p.score(), 1e-6);
                if (i > 0) {
                    assertTrue(top.get(i - 1).score() >= p.score());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> encoder.fillMask("no mask here", 3));
            assertThrows(IllegalArgumentException.class, () -> encoder.fillMask("a [MASK]", 0));
        }
    }

    @Test
    void classifyReturnsTheSoftmaxOfTheLogits() throws IOException {
        try (Encoder encoder = Encoder.load(Fixtures.folder("distilbert-tiny-cls"), 1)) {
            String text = "a thoroughly enjoyable film";
            Classification c = encoder.classify(text);
            var e = encoder.tokenizer().encode(text);
            float[] logits = encoder.classifierLogits(new int[][] {e.ids()}, null, null)[0];
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            assertEquals(encoder.labels().get(best), c.label());
            assertEquals(3, c.scores().size());
            double total = c.scores().stream().mapToDouble(Classification.LabelScore::score).sum();
            assertEquals(1.0, total, 1e-5);
            assertEquals(c.score(), c.scores().get(best).score());
        }
    }

    @Test
    void headsThatTheCheckpointLacksAreTypedErrors() throws IOException {
        try (Encoder encoder = Encoder.load(Fixtures.folder("distilbert-tiny-noprefix"), 1)) {
            assertFalse(encoder.hasMaskedLmHead());
            assertFalse(encoder.hasClassifier());
            MissingHeadException mlm = assertThrows(MissingHeadException.class, () -> encoder.fillMask("a [MASK]", 1));
            assertTrue(mlm.getMessage().contains("masked-LM"), mlm.getMessage());
            assertThrows(MissingHeadException.class, () -> encoder.classify("text"));
        }
    }

    static void assertMaxDiff(String what, float[] expectedFlat, float[][] actual) {
        int cols = actual[0].length;
        assertEquals(expectedFlat.length, actual.length * cols, what + " size");
        double maxDiff = 0;
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < cols; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual[i][j] - expectedFlat[i * cols + j]));
            }
        }
        System.out.printf("%s vs PyTorch: max abs diff %.3g%n", what, maxDiff);
        assertTrue(maxDiff <= TOLERANCE, what + " max abs diff " + maxDiff);
    }
}
