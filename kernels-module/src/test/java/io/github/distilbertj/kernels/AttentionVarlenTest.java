package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Variable-length attention: each sequence attends to its own keys only, exactly as when it runs alone. */
class AttentionVarlenTest {

    @Test
    void eachSequenceGetsWhatItGetsAlone() {
        int heads = 3;
        int d = 20;
        int width = heads * d;
        int ld = 3 * width + 5;
        int[] lengths = {1, 37, 5, 64, 2, 19};
        int[] starts = new int[lengths.length + 1];
        for (int b = 0; b < lengths.length; b++) {
            starts[b + 1] = starts[b] + lengths[b];
        }
        int rows = starts[lengths.length];
        Random rnd = new Random(9);
        float[] qkv = TestData.random(rnd, rows * ld, 1f);
        int[] mask = new int[rows];
        Arrays.fill(mask, 1);
        mask[starts[1] + 3] = 0; // a masked key inside sequence 1
        mask[starts[3] + 63] = 0; // and at the end of sequence 3
        float scale = 0.2f;
        try (KernelPool pool = new KernelPool(2)) {
            float[] out = new float[rows * width];
            Attention.computeVarlen(pool, qkv, 0, qkv, width, qkv, 2 * width, ld, starts, lengths.length, heads, d,
                    scale, mask, out, 0, width);
            for (int b = 0; b < lengths.length; b++) {
                int s0 = starts[b];
                float[] alone = new float[lengths[b] * width];
                Attention.compute(pool, qkv, s0 * ld, qkv, s0 * ld + width, qkv, s0 * ld + 2 * width, ld, 1, lengths[b],
                        heads, d, scale, Arrays.copyOfRange(mask, s0, s0 + lengths[b]), alone, 0, width);
                assertArrayEquals(alone, Arrays.copyOfRange(out, s0 * width, (s0 + lengths[b]) * width), "sequence " + b);
            }
        }
    }

    @Test
    void rejectsEmptyOrDecreasingSequences() {
        try (KernelPool pool = new KernelPool(1)) {
            float[] x = new float[64];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Attention.computeVarlen(
                    pool, x, 0, x, 0, x, 0, 4, new int[] {0, 2, 2}, 2, 1, 4, 1f, null, x, 0, 4));
            assertTrue(e.getMessage().contains("sequence 1 is empty"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Attention.computeVarlen(
                    pool, x, 0, x, 0, x, 0, 4, new int[] {0, 2}, 2, 1, 4, 1f, null, x, 0, 4));
        }
    }
}
