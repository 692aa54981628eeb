package io.github.distilbertj.kernels;

import java.util.Arrays;
import java.util.Random;

/**
 * Run by {@link RangeCheckTrapTest} in a child JVM: every kernel, every weight format, shapes with and without
 * tails (odd k, n not a multiple of the panel, the last k-block ending at the end of the panel array), often
 * enough that C2 compiles them: {@code RangeCheckWorkload rounds}.
 */
final class RangeCheckWorkload {
    private RangeCheckWorkload() {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        Random rnd = new Random(7);
        int[][] shapes = {{33, 144, 768}, {8, 100, 129}, {17, 48, 384}};
        int hidden = 128;
        int heads = 2;
        int seq = 37;
        float[] qkv = TestData.random(rnd, 2 * seq * 3 * hidden, 1f);
        float[] att = new float[2 * seq * hidden];
        int[] mask = new int[2 * seq];
        Arrays.fill(mask, 0, 2 * seq - 5, 1);
        float[] gamma = TestData.random(rnd, hidden, 1f);
        float[] beta = TestData.random(rnd, hidden, 1f);
        try (KernelPool pool = new KernelPool(2)) {
            for (WeightFormat format : WeightFormat.values()) {
                for (int[] s : shapes) {
                    gemms(pool, rnd, format, s[0], s[1], s[2], rounds);
                }
            }
            for (int r = 0; r < rounds; r++) {
                Attention.compute(pool, qkv, 0, qkv, hidden, qkv, 2 * hidden, 3 * hidden, 2, seq, heads,
                        hidden / heads, 0.125f, mask, att, 0, hidden);
                LayerNorm.apply(pool, att, 0, hidden, 2 * seq, hidden, gamma, beta, 1e-12f, att, 0);
                Softmax.apply(att, 0, seq, mask, 0);
                Activations.gelu(att, 0, att.length);
            }
        }
    }

    private static void gemms(KernelPool pool, Random rnd, WeightFormat format, int m, int n, int k, int rounds) {
        float[] a = TestData.random(rnd, m * k, 1f);
        PackedWeights w = PackedWeights.fromRowMajorNK(TestData.random(rnd, n * k, 0.5f), 0, n, k, format);
        float[] bias = TestData.random(rnd, n, 1f);
        float[] c = new float[m * n];
        for (int r = 0; r < rounds; r++) {
            Sgemm.linear(pool, a, 0, k, m, w, bias, r % 2 == 0 ? Epilogue.BIAS_GELU : Epilogue.NONE, null, 0, 0, c, 0, n);
        }
    }
}
