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
