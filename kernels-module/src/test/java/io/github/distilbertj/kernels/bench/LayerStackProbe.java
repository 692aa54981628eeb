package io.github.distilbertj.kernels.bench;

import io.github.distilbertj.kernels.Attention;
import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.LayerNorm;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.Sgemm;
import java.util.Arrays;
import java.util.Random;

/**
 * Tuning probe (not a JMH benchmark): the six encoder layers of DistilBERT-base ({@code base}: 768 wide,
 * FFN 3072, 12 heads) or all-MiniLM-L6-v2 ({@code mini}: 384, 1536, 12) run on the kernels alone, each layer
 * with its own weights as in a real model (so at batch 1 they stream from DRAM), and the median time of each
 * operation over the calls. Arguments: {@code base|mini threads BxS calls}, e.g. {@code base 2 1x32 60}.
 * System properties: {@code hot=true} shares one layer's weights between all six (they then stay in L3),
 * {@code settle=MS} sleeps before each call, {@code ffn1=BIAS} swaps the GELU epilogue of the first FFN layer.
 */
public final class LayerStackProbe {
    private static final String[] OPS = {"qkv", "attention", "out_lin", "sa_layer_norm", "ffn.lin1", "ffn.lin2",
        "output_layer_norm"};

    private LayerStackProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean base = args[0].equals("base");
        int threads = Integer.parseInt(args[1]);
        String[] bs = args[2].split("x");
        int batch = Integer.parseInt(bs[0]);
        int seq = Integer.parseInt(bs[1]);
        int calls = Integer.parseInt(args[3]);
        boolean hot = Boolean.getBoolean("hot");
        int distinct = hot ? 1 : Integer.getInteger("distinct", 6);
        long settle = Long.getLong("settle", 0);
        Epilogue ffn1 = Epilogue.valueOf(System.getProperty("ffn1", "BIAS_GELU"));
        int d = base ? 768 : 384;
        int f = 4 * d;
        int heads = 12;
        int headDim = d / heads;
        int layers = 6;
        int m = batch * seq;

        Random r = new Random(3);
        PackedWeights[][] w = new PackedWeights[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = l >= distinct ? w[l % distinct] : new PackedWeights[] {
                PackedWeights.fromRowMajorNK(gaussian(r, 3 * d * d), 0, 3 * d, d),
                PackedWeights.fromRowMajorNK(gaussian(r, d * d), 0, d, d),
                PackedWeights.fromRowMajorNK(gaussian(r, f * d), 0, f, d),
                PackedWeights.fromRowMajorNK(gaussian(r, d * f), 0, d, f)};
        }
        float[] bQkv = gaussian(r, 3 * d);
        float[] bD = gaussian(r, d);
        float[] bF = gaussian(r, f);
        float[] gamma = gaussian(r, d);
        float[] beta = gaussian(r, d);
        float[] x = gaussian(r, m * d);
        float[] qkv = new float[m * 3 * d];
        float[] ctx = new float[m * d];
        float[] sa = new float[m * d];
        float[] h = new float[m * f];
        int[] mask = new int[m];
        Arrays.fill(mask, 1);
        float scale = (float) (1 / Math.sqrt(headDim));

        long[][] opNanos = new long[OPS.length][calls];
        long[] total = new long[calls];
        try (KernelPool pool = new KernelPool(threads)) {
            for (int call = -calls; call < calls; call++) { // the first half warms up
                if (settle > 0) {
                    Thread.sleep(settle);
                }
                long[] acc = new long[OPS.length];
                long start = System.nanoTime();
                for (int l = 0; l < layers; l++) {
                    long t0 = System.nanoTime();
                    Sgemm.linear(pool, x, 0, d, m, w[l][0], bQkv, Epilogue.BIAS, null, 0, 0, qkv, 0, 3 * d);
                    long t1 = System.nanoTime();
                    Attention.compute(pool, qkv, 0, qkv, d, qkv, 2 * d, 3 * d, batch, seq, heads, headDim, scale, mask,
                            ctx, 0, d);
                    long t2 = System.nanoTime();
                    Sgemm.linear(pool, ctx, 0, d, m, w[l][1], bD, Epilogue.BIAS_RESIDUAL, x, 0, d, sa, 0, d);
                    long t3 = System.nanoTime();
                    LayerNorm.apply(pool, sa, 0, d, m, d, gamma, beta, 1e-12f, sa, 0);
                    long t4 = System.nanoTime();
                    Sgemm.linear(pool, sa, 0, d, m, w[l][2], bF, ffn1, null, 0, 0, h, 0, f);
                    long t5 = System.nanoTime();
                    Sgemm.linear(pool, h, 0, f, m, w[l][3], bD, Epilogue.BIAS_RESIDUAL, sa, 0, d, x, 0, d);
                    long t6 = System.nanoTime();
                    LayerNorm.apply(pool, x, 0, d, m, d, gamma, beta, 1e-12f, x, 0);
                    long t7 = System.nanoTime();
                    acc[0] += t1 - t0;
                    acc[1] += t2 - t1;
                    acc[2] += t3 - t2;
                    acc[3] += t4 - t3;
                    acc[4] += t5 - t4;
                    acc[5] += t6 - t5;
                    acc[6] += t7 - t6;
                }
                if (call >= 0) {
                    total[call] = System.nanoTime() - start;
                    for (int o = 0; o < OPS.length; o++) {
                        opNanos[o][call] = acc[o];
                    }
                }
            }
        }
        double[] flops = {2.0 * m * 3 * d * d, 4.0 * batch * seq * seq * d, 2.0 * m * d * d, 0, 2.0 * m * f * d,
            2.0 * m * f * d, 0};
        System.out.printf("%s %s, %d thread(s), %s weights%s: median of %d calls%n", base ? "DistilBERT-base" : "MiniLM-L6",
                args[2], threads, distinct == 1 ? "shared (L3-hot)" : distinct + " distinct sets of", settle > 0 ? ", " + settle + " ms sleep before each" : "",
                calls);
        for (int o = 0; o < OPS.length; o++) {
            double ms = median(opNanos[o]) / 1e6;
            System.out.printf("  %-18s %8.3f ms %s%n", OPS[o], ms,
                    flops[o] > 0 ? String.format("%6.1f GFLOP/s", layers * flops[o] / (ms * 1e6)) : "");
        }
        Arrays.sort(total);
        System.out.printf("  %-18s %8.3f ms (min %.3f)%n", "forward (6 layers)", median(total) / 1e6, total[0] / 1e6);
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.05);
        }
        return v;
    }
}
