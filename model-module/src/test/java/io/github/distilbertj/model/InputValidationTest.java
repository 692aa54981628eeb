package io.github.distilbertj.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputValidationTest {

    private static Encoder distilbert;
    private static Encoder bert;

    @BeforeAll
    static void load() throws IOException {
        distilbert = Encoder.load(Fixtures.folder("distilbert-tiny"), 1);
        bert = Encoder.load(Fixtures.folder("bert-tiny"), 1);
    }

    @AfterAll
    static void close() {
        distilbert.close();
        bert.close();
    }

    private static String error(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        assertTrue(error(() -> distilbert.forward(new int[][] {{101, 30522, 102}}, null)).contains(
                "inputIds[0][1] = 30522 is outside the vocabulary [0, 30522)"));
        assertTrue(error(() -> distilbert.forward(new int[][] {{101, -1}}, null)).contains("inputIds[0][1] = -1"));
        assertTrue(error(() -> distilbert.forward(new int[][] {new int[65]}, null)).contains(
                "65 tokens, more than the model's 64 positions"));
        assertTrue(error(() -> distilbert.forward(new int[][] {{101, 102}}, new int[][] {{1, 1}, {1}}))
                .contains("attentionMask has 2 rows but inputIds has 1"));
        assertTrue(error(() -> distilbert.forward(new int[][] {{101, 102}}, new int[][] {{1}}))
                .contains("attentionMask[0] has 1 entries but inputIds[0] has 2"));
        assertTrue(error(() -> distilbert.forward(new int[][] {{101, 102}}, new int[][] {{1, 2}}))
                .contains("is not 0 or 1"));
        assertTrue(error(() -> distilbert.forward(new int[][] {{101, 102}}, new int[][] {{0, 1}}, null))
                .contains("DistilBERT has no token types"));
        assertTrue(error(() -> bert.forward(new int[][] {{101, 102}}, new int[][] {{0, 2}}, null))
                .contains("tokenTypeIds[0][1] = 2 is outside [0, 2)"));
        assertTrue(error(() -> distilbert.forward(new int[0][], null)).contains("at least one sequence"));
        assertTrue(error(() -> distilbert.forward(new int[][] {{}}, null)).contains("inputIds[0] is empty"));
    }

    @Test
    void rejectedCallsLeaveTheEncoderUsable() {
        int[][] ids = {{101, 2023, 2003, 102}};
        float[][][] before = distilbert.forward(ids, null);
        error(() -> distilbert.forward(new int[][] {{101, 99999}}, null));
        float[][][] after = distilbert.forward(ids, null);
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(before[0][t], after[0][t]);
        }
    }

    @Test
    void longTextsAreTruncatedAtMaxPositions() {
        String longText = "word ".repeat(500);
        assertEquals(64, distilbert.tokenizer().encode(longText).length());
        float[] v = distilbert.embed(longText);
        assertEquals(32, v.length);
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertEquals(1.0, norm, 1e-5);
        assertEquals(0, distilbert.embed(List.of()).length);
    }

    @Test
    void closedEncodersRefuseWork() throws IOException {
        Encoder e = Encoder.load(Fixtures.folder("distilbert-tiny-noprefix"), 1);
        e.close();
        e.close();
        assertThrows(IllegalStateException.class, () -> e.embed("hello"));
    }
}
