package io.github.distilbertj.model;

import io.github.distilbertj.tokenizer.Encoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-label cross-encoders (what /rerank runs) against PyTorch: BertForSequenceClassification (pooler +
 * classifier, token types) and DistilBertForSequenceClassification (pre_classifier + ReLU + classifier) on the
 * (query, text) pairs of {@link CrossEncoderFixtures}, as one padded batch and as unpadded rows of uneven length.
 */
class CrossEncoderParityTest {

    private static final double TOLERANCE = 1e-4;
    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny-cross", "distilbert-tiny-cross"})
    void classifierLogitsOfQueryTextPairsMatchPyTorch(String name) throws IOException {
        Fixtures.Reference ref = Fixtures.Reference.of(name);
        int[][] ids = ref.ints("input_ids");
        int[][] mask = ref.ints("attention_mask");
        boolean bert = ref.has("token_type_ids");
        int[][] types = bert ? ref.ints("token_type_ids") : null;
        float[] expected = ref.floats("classifier_logits");
        try (Encoder encoder = Encoder.load(Fixtures.folder(name), 2)) {
            assertEquals(List.of("LABEL_0"), encoder.labels());
            assertEquals(bert ? ModelType.BERT : ModelType.DISTILBERT, encoder.config().modelType());

            // The tokenizer makes PyTorch's ids from the strings, so the service's /rerank sees the same pairs.
            int[][] trimmedIds = new int[ids.length][];
            int[][] trimmedTypes = bert ? new int[ids.length][] : null;
            for (int i = 0; i < ids.length; i++) {
                Encoding pair = encoder.tokenizer().encode(CrossEncoderFixtures.QUERY, CrossEncoderFixtures.TEXTS.get(i));
                int length = Arrays.stream(mask[i]).sum();
                trimmedIds[i] = Arrays.copyOf(ids[i], length);
                assertArrayEquals(trimmedIds[i], pair.ids(), name + " ids of pair " + i);
                if (bert) {
                    trimmedTypes[i] = Arrays.copyOf(types[i], length);
                    assertArrayEquals(trimmedTypes[i], pair.typeIds(), name + " token types of pair " + i);
                }
            }

            float[][] padded = encoder.classifierLogits(ids, types, mask);
            PyTorchParityTest.assertMaxDiff(name + " classifier_logits (padded batch)", expected, padded);
            float[][] unpadded = encoder.classifierLogits(trimmedIds, trimmedTypes, null);
            PyTorchParityTest.assertMaxDiff(name + " classifier_logits (uneven rows)", expected, unpadded);
            if (bert) {
                PyTorchParityTest.assertMaxDiff(name + " pooler_output", ref.floats("pooler_output"),
                        encoder.poolerOutput(trimmedIds, trimmedTypes, null));
            }
            // The pairs score differently, so the test would notice scores that ignore the text.
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : expected) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 100 * TOLERANCE, name + " logits spread " + (max - min));
        }
    }
}
