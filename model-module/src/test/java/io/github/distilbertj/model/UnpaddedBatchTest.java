package io.github.distilbertj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The forward pass runs a batch as its concatenated real tokens (no padding): every sequence's result must be
 * the one it gets alone and match what explicit padding with a zero attention mask gives. Not compared bit for
 * bit: the same kernel can round a lane reduction differently before and after C2 compiles it (the Vector
 * API's interpreted fallback adds lanes in another order), so calls made at different moments may differ in
 * the last bit.
 */
class UnpaddedBatchTest {
    private static final double TOLERANCE = 1e-5;

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int d = 0; d < expected.length; d++) {
            assertEquals(expected[d], actual[d], TOLERANCE, what + " dim " + d);
        }
    }

    private static int[][] randomIds(SplittableRandom rnd, int vocab, int... lengths) {
        int[][] ids = new int[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            ids[i] = new int[lengths[i]];
            ids[i][0] = 101;
            for (int t = 1; t < lengths[i]; t++) {
                ids[i][t] = 1000 + rnd.nextInt(vocab - 1000);
            }
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"distilbert-tiny", "bert-tiny"})
    void aMixedBatchGivesEachSequenceWhatItGetsAloneAndWhatPaddingGives(String fixture) throws IOException {
        try (Encoder encoder = Encoder.load(Fixtures.folder(fixture), 2)) {
            int vocab = encoder.config().vocabSize();
            int[][] ids = randomIds(new SplittableRandom(3), vocab, 5, 64, 1, 17, 33, 2, 48);
            float[][][] batch = encoder.forward(ids, null);
            for (int i = 0; i < ids.length; i++) {
                float[][] alone = encoder.forward(new int[][] {ids[i]}, null)[0];
                assertEquals(ids[i].length, batch[i].length);
                for (int t = 0; t < alone.length; t++) {
                    assertClose(alone[t], batch[i][t], fixture + " sequence " + i + " token " + t);
                }
                // Explicit right padding to the longest length, masked out: what a padded engine computes.
                int[] padded = Arrays.copyOf(ids[i], 64);
                int[] mask = new int[64];
                Arrays.fill(mask, 0, ids[i].length, 1);
                float[][] viaPadding = encoder.forward(new int[][] {padded}, new int[][] {mask})[0];
                for (int t = 0; t < alone.length; t++) {
                    assertClose(viaPadding[t], alone[t], fixture + " padded vs unpadded, sequence " + i + " token " + t);
                }
            }
        }
    }

    @Test
    void batchesOverTheTokenBudgetRunAsSeveralPassesWithTheSameResults() {
        try (Encoder encoder = Encoder.builtin(2)) {
            SplittableRandom rnd = new SplittableRandom(5);
            int[] lengths = new int[12];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = 200 + rnd.nextInt(312);
            }
            int[][] ids = randomIds(rnd, encoder.config().vocabSize(), lengths);
            assertTrue(Arrays.stream(lengths).sum() > 4096, "crosses the 4096-token pass budget");
            float[][][] batch = encoder.forward(ids, null);
            for (int i = 0; i < ids.length; i += 5) {
                float[][] alone = encoder.forward(new int[][] {ids[i]}, null)[0];
                for (int t = 0; t < alone.length; t++) {
                    assertClose(alone[t], batch[i][t], "sequence " + i + " token " + t);
                }
            }
            List<String> texts = new ArrayList<>(List.of("a", "The quick brown fox jumps over the lazy dog. ".repeat(40),
                    "Short one.", "Medium length sentence about embeddings and batching."));
            float[][] together = encoder.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertClose(encoder.embed(texts.get(i)), together[i], "text " + i);
            }
        }
    }
}
