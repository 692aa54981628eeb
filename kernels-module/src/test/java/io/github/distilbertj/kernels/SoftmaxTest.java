package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    @Test
    void matchesReferenceWithAndWithoutMask() {
        Random rnd = new Random(9);
        for (int len : new int[] {1, 2, 7, 16, 17, 31, 64, 128, 129, 513}) {
            for (int variant = 0; variant < 4; variant++) {
                int off = rnd.nextInt(4);
                int maskOff = rnd.nextInt(6);
                float[] x = TestData.random(rnd, off + len + 2, 30f);
                int[] mask = null;
                if (variant > 0) {
                    mask = new int[maskOff + len + 1];
                    for (int i = 0; i < mask.length; i++) {
                        mask[i] = variant == 3 ? 0 : (rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(3));
                    }
                }
                double[] logits = new double[len];
                for (int i = 0; i < len; i++) {
                    logits[i] = x[off + i];
                }
                double[] expected = ReferenceKernels.softmax(logits, mask, maskOff);
                float[] before = x.clone();
                Softmax.apply(x, off, len, mask, maskOff);
                for (int i = 0; i < len; i++) {
                    assertEquals(expected[i], x[off + i], 1e-6 * expected[i] + 1e-7,
                            "len " + len + " variant " + variant + " i " + i);
                }
                for (int i = 0; i < off; i++) {
                    assertEquals(before[i], x[i]);
                }
                assertEquals(before[off + len], x[off + len]);
            }
        }
    }

    @Test
    void tailEndingExactlyAtTheArraysEndStaysInBounds() {
        // The tail runs as one masked vector step; rows that end where x and mask end must not read past them.
        Random rnd = new Random(11);
        for (int len : new int[] {3, 24, 40, 100}) {
            float[] x = TestData.random(rnd, len, 10f);
            int[] mask = new int[len];
            for (int i = 0; i < len; i++) {
                mask[i] = i % 5 == 4 ? 0 : 1;
            }
            double[] logits = new double[len];
            for (int i = 0; i < len; i++) {
                logits[i] = x[i];
            }
            double[] expected = ReferenceKernels.softmax(logits, mask, 0);
            Softmax.apply(x, 0, len, mask, 0);
            for (int i = 0; i < len; i++) {
                assertEquals(expected[i], x[i], 1e-6 * expected[i] + 1e-7, "len " + len + " i " + i);
            }
        }
    }

    @Test
    void fullyMaskedRowIsUniformAndHugeLogitsDoNotOverflow() {
        float[] x = {1e30f, 5f, -1e30f};
        Softmax.apply(x, 0, 3, new int[] {0, 0, 0}, 0);
        for (float v : x) {
            assertEquals(1f / 3, v, 1e-7);
        }
        float[] y = {1000f, 1000f, -1000f};
        Softmax.apply(y, 0, 3, null, 0);
        assertEquals(0.5f, y[0], 1e-7);
        assertEquals(0.5f, y[1], 1e-7);
        assertEquals(0f, y[2]);
    }

    @Test
    void invalidArguments() {
        SgemmTest.expect("len", () -> Softmax.apply(new float[4], 0, -1, null, 0));
        SgemmTest.expect("x", () -> Softmax.apply(new float[4], 2, 3, null, 0));
        SgemmTest.expect("mask", () -> Softmax.apply(new float[4], 0, 4, new int[3], 0));
        SgemmTest.expect("maskOff", () -> Softmax.apply(new float[4], 0, 4, new int[8], -1));
    }
}
