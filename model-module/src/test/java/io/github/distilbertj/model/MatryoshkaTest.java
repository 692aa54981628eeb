package io.github.distilbertj.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MatryoshkaTest {

    @Test
    void cutsThenRenormalises() {
        float[] v = {0.6f, 0.0f, 0.8f, 0.0f};
        float[] cut = Matryoshka.truncate(v, 2);
        assertArrayEquals(new float[] {1f, 0f}, cut, 1e-7f);
        assertArrayEquals(new float[] {0.6f, 0.0f, 0.8f, 0.0f}, v, "the input is left untouched");
        float[] three = Matryoshka.truncate(new float[] {3, 4, 12, 5}, 3);
        assertArrayEquals(new float[] {3 / 13f, 4 / 13f, 12 / 13f}, three, 1e-6f);
    }

    @Test
    void rejectsSizesOutsideTheEmbedding() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Matryoshka.truncate(new float[4], 0));
        assertEquals("dimensions must be between 1 and 4 (the model's embedding size), got 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matryoshka.truncate(new float[4], 5));
        assertEquals(2, Matryoshka.truncateAll(new float[][] {{1, 1, 1}, {0, 1, 0}}, 2).length);
    }
}
