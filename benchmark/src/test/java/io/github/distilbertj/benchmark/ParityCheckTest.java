package io.github.distilbertj.benchmark;

import io.github.distilbertj.benchmark.ParityCheck.ParityException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParityCheckTest {

    @Test
    void returnsTheMaxAbsDiffWithinTolerance() {
        double d = ParityCheck.require("x", new float[] {1f, 2f, 3f}, new float[] {1f, 2.00005f, 2.99998f}, 1e-4);
        assertEquals(5e-5, d, 1e-6);
    }

    @Test
    void stopsWhenOutputsDiffer() {
        ParityException e = assertThrows(ParityException.class,
                () -> ParityCheck.require("forward-1x32 ours vs torch", new float[] {0f, 1f}, new float[] {0f, 1.001f}, 1e-4));
        assertTrue(e.getMessage().contains("forward-1x32 ours vs torch"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing is timed"), e.getMessage());
    }

    @Test
    void stopsOnNaNAndOnShapeMismatch() {
        assertThrows(ParityException.class, () -> ParityCheck.require("nan", new float[] {Float.NaN}, new float[] {0f}, 1));
        assertThrows(ParityException.class, () -> ParityCheck.require("shape", new float[2], new float[3], 1));
    }

    @Test
    void lowBitContendersAreCheckedByTheirSmallestRowCosine() {
        float[] ref = {1f, 0f, 0f, 1f};
        // Row 0 is a scaled copy (cosine 1), row 1 is tilted: cosine 1/sqrt(1.0001) ~ 0.99995.
        double min = ParityCheck.requireCosine("bf16", new float[] {2f, 0f, 0.01f, 1f}, ref, 2, 0.9999);
        assertEquals(1 / Math.sqrt(1.0001), min, 1e-9);
        ParityException e = assertThrows(ParityException.class,
                () -> ParityCheck.requireCosine("int8 row", new float[] {1f, 0f, 0.2f, 1f}, ref, 2, 0.995));
        assertTrue(e.getMessage().contains("int8 row") && e.getMessage().contains("nothing is timed"), e.getMessage());
        assertThrows(ParityException.class, () -> ParityCheck.requireCosine("width", new float[4], ref, 3, 0.9));
        assertThrows(ParityException.class, () -> ParityCheck.requireCosine("zero row", new float[4], ref, 2, 0.9));
    }

    @Test
    void tokenIdsMustBeIdentical() {
        ParityCheck.requireSameIds("same", new int[][] {{101, 7592, 102}}, new int[][] {{101, 7592, 102}});
        assertThrows(ParityException.class,
                () -> ParityCheck.requireSameIds("one id", new int[][] {{101, 7592, 102}}, new int[][] {{101, 7593, 102}}));
        assertThrows(ParityException.class,
                () -> ParityCheck.requireSameIds("count", new int[][] {{101}}, new int[][] {{101}, {102}}));
    }

    @Test
    void flattensRaggedBatchesInOrder() {
        float[][][] x = {{{1, 2}, {3, 4}}, {{5, 6}}};
        assertEquals(6, ParityCheck.flatten(x).length);
        assertEquals(5f, ParityCheck.flatten(x)[4]);
    }
}
