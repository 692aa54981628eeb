package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LayerNormTest {
    private static KernelPool pool;

    @BeforeAll
    static void open() {
        pool = new KernelPool(2);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void matchesReferenceOutOfPlaceAndInPlace() {
        Random rnd = new Random(13);
        int[][] shapes = {{1, 1}, {1, 17}, {3, 16}, {5, 33}, {7, 768}, {64, 768}, {130, 129}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            for (boolean inPlace : new boolean[] {false, true}) {
                int ld = cols + rnd.nextInt(5);
                int off = rnd.nextInt(7);
                float[] x = TestData.matrix(rnd, off, ld, rows, cols, 4f);
                for (int i = 0; i < rows; i++) {
                    x[off + i * ld] += 100f; // offset mean: two-pass variance must not cancel
                }
                float[] gamma = TestData.random(rnd, cols, 2f);
                float[] beta = TestData.random(rnd, cols, 1f);
                float[] orig = x.clone();
                float[] out = inPlace ? x : TestData.filled(x.length, 0f);
                int outOff = inPlace ? off : off;
                LayerNorm.apply(pool, x, off, ld, rows, cols, gamma, beta, 1e-12f, out, outOff);
                for (int r = 0; r < rows; r++) {
                    double[] expected = ReferenceKernels.layerNormRow(orig, off + r * ld, cols, gamma, beta, 1e-12f);
                    for (int j = 0; j < cols; j++) {
                        assertEquals(expected[j], out[outOff + r * ld + j], 2e-5 * (1 + Math.abs(expected[j])),
                                rows + "x" + cols + " inPlace=" + inPlace + " at " + r + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void epsilonMatters() {
        float[] x = {1f, 1f, 1f, 1f};
        float[] out = new float[4];
        float[] ones = {1, 1, 1, 1};
        float[] zeros = new float[4];
        LayerNorm.apply(pool, x, 0, 4, 1, 4, ones, zeros, 1e-5f, out, 0);
        assertEquals(0f, out[0]);
        float[] y = {0f, 2f};
        LayerNorm.apply(pool, y, 0, 2, 1, 2, new float[] {1, 1}, new float[] {0, 0}, 3f, y, 0);
        assertEquals(-0.5f, y[0], 1e-6); // var 1, eps 3 -> 1/sqrt(4)
        assertEquals(0.5f, y[1], 1e-6);
    }

    @Test
    void invalidArguments() {
        float[] x = new float[8];
        float[] g = new float[4];
        SgemmTest.expect("rows", () -> LayerNorm.apply(pool, x, 0, 4, 0, 4, g, g, 1e-5f, x, 0));
        SgemmTest.expect("ld", () -> LayerNorm.apply(pool, x, 0, 3, 2, 4, g, g, 1e-5f, x, 0));
        SgemmTest.expect("gamma", () -> LayerNorm.apply(pool, x, 0, 4, 2, 4, new float[3], g, 1e-5f, x, 0));
        SgemmTest.expect("beta", () -> LayerNorm.apply(pool, x, 0, 4, 2, 4, g, null, 1e-5f, x, 0));
        SgemmTest.expect("out", () -> LayerNorm.apply(pool, x, 0, 4, 2, 4, g, g, 1e-5f, new float[7], 0));
        SgemmTest.expect("x", () -> LayerNorm.apply(pool, x, 1, 4, 2, 4, g, g, 1e-5f, x, 0));
        SgemmTest.expect("eps", () -> LayerNorm.apply(pool, x, 0, 4, 2, 4, g, g, -1f, x, 0));
        KernelPool closed = new KernelPool(1);
        closed.close();
        assertThrows(IllegalStateException.class, () -> LayerNorm.apply(closed, x, 0, 4, 2, 4, g, g, 1e-5f, x, 0));
    }
}
