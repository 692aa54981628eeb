package io.github.distilbertj.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DynamicQuantization} against ONNX's DynamicQuantizeLinear written out in double precision. */
class DynamicQuantizationTest {

    /** ONNX's definition: range including 0, scale (max - min) / 255, zero point and levels rounded half to even. */
    private static float[] reference(float[] x, int from, int n) {
        float min = 0;
        float max = 0;
        for (int i = from; i < from + n; i++) {
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        float scale = max == min ? 1f : (max - min) / 255f;
        float zero = (float) Math.rint(Math.max(0, Math.min(255, 0f - min / scale)));
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double q = Math.max(0, Math.min(255, Math.rint(x[from + i] / scale) + zero));
            out[i] = (float) (q - zero) * scale;
        }
        return out;
    }

    @Test
    void matchesTheOnnxDefinitionPerSequence() {
        SplittableRandom random = new SplittableRandom(7);
        int width = 37; // not a multiple of any vector length: tails are covered
        int[] starts = {0, 1, 4, 4 + 23};
        float[] x = new float[starts[3] * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * (i < width ? 0.01 : 3));
        }
        x[5] = 0.5f * 0.01f; // exact ties appear too
        float[] out = new float[x.length];
        DynamicQuantization.apply(x, out, width, starts, 3);
        for (int b = 0; b < 3; b++) {
            int from = starts[b] * width;
            int n = (starts[b + 1] - starts[b]) * width;
            assertArrayEquals(reference(x, from, n), java.util.Arrays.copyOfRange(out, from, from + n), "sequence " + b);
        }
        // In place gives the same values.
        float[] copy = x.clone();
        DynamicQuantization.apply(copy, copy, width, starts, 3);
        assertArrayEquals(out, copy);
    }

    @Test
    void rangeAlwaysHoldsZeroAndConstantTensorsSurvive() {
        float[] positive = {1f, 2f, 3f, 255f};
        DynamicQuantization.apply(positive, positive, 4, new int[] {0, 1}, 1);
        // min is clamped to 0: scale = 255 / 255 = 1, zero point 0, every value exact.
        assertArrayEquals(new float[] {1f, 2f, 3f, 255f}, positive);
        float[] zeros = new float[40];
        DynamicQuantization.apply(zeros, zeros, 40, new int[] {0, 1}, 1);
        assertArrayEquals(new float[40], zeros);
        float[] negative = {-1f, -0.5f};
        DynamicQuantization.apply(negative, negative, 2, new int[] {0, 1}, 1);
        assertEquals(-1f, negative[0]);
        assertEquals(-0.5f, negative[1], 1f / 255 / 2);
    }
}
