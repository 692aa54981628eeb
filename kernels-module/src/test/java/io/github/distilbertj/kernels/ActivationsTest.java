package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    @Test
    void geluAndReluInPlaceWithOffsetsAndTails() {
        Random rnd = new Random(5);
        for (int len : new int[] {0, 1, 3, 15, 16, 17, 33, 100, 3072}) {
            int off = rnd.nextInt(5);
            float[] x = TestData.random(rnd, off + len + 4, 8f);
            float[] g = x.clone();
            float[] r = x.clone();
            Activations.gelu(g, off, len);
            Activations.relu(r, off, len);
            for (int i = 0; i < x.length; i++) {
                boolean inside = i >= off && i < off + len;
                double eg = inside ? ReferenceKernels.gelu(x[i]) : x[i];
                assertEquals(eg, g[i], 1e-6 * Math.abs(eg) + 2e-7 * Math.abs(x[i]) + 1e-30, "gelu at " + i + " len " + len);
                assertEquals(inside ? Math.max(0f, x[i]) : x[i], r[i], "relu at " + i + " len " + len);
            }
        }
    }

    @Test
    void geluKnownValues() {
        float[] x = {0f, 1f, -1f, 3f};
        Activations.gelu(x, 0, 4);
        assertEquals(0f, x[0]);
        assertEquals(0.8413447460685429, x[1], 1e-6);
        assertEquals(-0.15865525393145707, x[2], 1e-6);
        assertEquals(2.9959502881247312, x[3], 3e-6);
    }

    @Test
    void invalidArguments() {
        SgemmTest.expect("len", () -> Activations.gelu(new float[4], 0, -1));
        SgemmTest.expect("x", () -> Activations.relu(new float[4], 1, 4));
        SgemmTest.expect("x", () -> Activations.relu(null, 0, 4));
        SgemmTest.expect("x offset", () -> Activations.gelu(new float[4], -1, 2));
    }
}
