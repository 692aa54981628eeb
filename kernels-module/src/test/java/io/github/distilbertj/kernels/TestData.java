package io.github.distilbertj.kernels;

import java.util.Arrays;
import java.util.Random;

/** Random inputs for property tests; padding around the data is NaN so reads of it poison results. */
final class TestData {
    private TestData() {
    }

    static float[] random(Random rnd, int size, float scale) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    /** A rows x cols matrix at off with row stride ld; everything else in the array is NaN. */
    static float[] matrix(Random rnd, int off, int ld, int rows, int cols, float scale) {
        float[] x = new float[off + (rows - 1) * ld + cols + 3];
        Arrays.fill(x, Float.NaN);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + i * ld + j] = (rnd.nextFloat() * 2 - 1) * scale;
            }
        }
        return x;
    }

    static float[] filled(int size, float value) {
        float[] x = new float[size];
        Arrays.fill(x, value);
        return x;
    }
}
