package io.github.distilbertj.kernels.bench;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.Sgemm;
import io.github.distilbertj.kernels.WeightFormat;
import java.util.Arrays;
import java.util.Random;

/**
 * Probe (not JMH): the same GEMM with F32, BF16 and INT8 weights in one JVM, calls alternating between the formats,
 * as a service or the benchmark suite with several encoders does ({@code MixedFormatProbe M N K threads rounds},
 * {@code -Dformats=f32,bf16}, {@code -Dsolo=N}: N calls of the first format alone first).
 * GemmProbe runs one format per JVM. Prints the median per format.
 */
public final class MixedFormatProbe {
    private MixedFormatProbe() {
    }

    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Random rnd = new Random(1);
        float[] raw = new float[n * k];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = rnd.nextFloat() - 0.5f;
        }
        // -Dformats=f32,bf16 (default all three)
        WeightFormat[] formats = java.util.Arrays.stream(System.getProperty("formats", "f32,bf16,int8").split(","))
                .map(v -> WeightFormat.parse("formats", v.trim())).toArray(WeightFormat[]::new);
        PackedWeights[] ws = new PackedWeights[formats.length];
        for (int f = 0; f < formats.length; f++) {
            ws[f] = PackedWeights.fromRowMajorNK(raw, 0, n, k, formats[f]);
        }
        float[] a = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        float[] c = new float[m * n];
        try (KernelPool pool = new KernelPool(threads)) {
            // -Dsolo=N: N calls of the first format alone before the alternating passes (is it the compile order?)
            // -Dwarm=F: the solo calls use format F instead (weights still packed in -Dformats order: JIT order
            // and allocation order apart)
            int warm = 0;
            String warmFormat = System.getProperty("warm");
            for (int f = 0; warmFormat != null && f < formats.length; f++) {
                if (formats[f] == WeightFormat.parse("warm", warmFormat)) {
                    warm = f;
                }
            }
            for (int r = 0; r < Integer.getInteger("solo", 0); r++) {
                Sgemm.linear(pool, a, 0, k, m, ws[warm], null, Epilogue.NONE, null, 0, 0, c, 0, n);
            }
            for (int pass = 0; pass < 2; pass++) {
                long[][] t = new long[formats.length][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int f = 0; f < formats.length; f++) {
                        long t0 = System.nanoTime();
                        Sgemm.linear(pool, a, 0, k, m, ws[f], null, Epilogue.NONE, null, 0, 0, c, 0, n);
                        t[f][r] = System.nanoTime() - t0;
                    }
                }
                StringBuilder line = new StringBuilder("pass " + pass + " M=" + m + " N=" + n + " K=" + k + ":");
                for (int f = 0; f < formats.length; f++) {
                    Arrays.sort(t[f]);
                    line.append(String.format(" %s %.1f us", formats[f], t[f][rounds / 2] / 1e3));
                }
                System.out.println(line);
            }
        }
    }
}
