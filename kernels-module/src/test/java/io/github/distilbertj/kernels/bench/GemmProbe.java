package io.github.distilbertj.kernels.bench;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.Sgemm;
import io.github.distilbertj.kernels.WeightFormat;
import java.util.Arrays;
import java.util.Random;

/**
 * Quick tuning probe (not a JMH benchmark): median GFLOP/s of Sgemm.linear for M,N,K,threads given as
 * arguments, e.g. {@code GemmProbe 32 768 768 2}; {@code -Dformat=BF16|INT8} packs the weights in that format;
 * {@code -Dep=BIAS|BIAS_GELU|BIAS_RELU|BIAS_RESIDUAL} runs that epilogue (random bias, residual apart from C; {@code -Dinplace=true}: C is the residual). The JMH SgemmBench numbers are the ones to quote.
 */
public final class GemmProbe {
    private static final java.lang.management.ThreadMXBean BEAN = java.lang.management.ManagementFactory.getThreadMXBean();
    private GemmProbe() {
    }

    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Random rnd = new Random(1);
        float[] raw = new float[n * k];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = rnd.nextFloat() - 0.5f;
        }
        WeightFormat format = WeightFormat.parse("format", System.getProperty("format", "f32"));
        // -Dcold=true: rotate over copies of the weights totalling >= 128 MB, so every call reads them from DRAM
        int copies = Boolean.getBoolean("cold") ? (int) Math.max(2, (128L << 20) / ((long) format.bytesPerWeight() * n * k)) : 1;
        PackedWeights[] ws = new PackedWeights[copies];
        for (int i = 0; i < copies; i++) {
            ws[i] = PackedWeights.fromRowMajorNK(raw, 0, n, k, format);
        }
        float[] a = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        float[] c = new float[m * n];
        Epilogue ep = Epilogue.valueOf(System.getProperty("ep", "NONE"));
        float[] bias = new float[n];
        for (int i = 0; i < n; i++) {
            bias[i] = rnd.nextFloat() - 0.5f;
        }
        float[] residual = ep == Epilogue.BIAS_RESIDUAL ? new float[m * n] : null;
        for (int i = 0; residual != null && i < residual.length; i++) {
            residual[i] = rnd.nextFloat() - 0.5f;
        }
        if (residual != null && Boolean.getBoolean("inplace")) {
            c = residual;
        }
        double flops = 2.0 * m * n * k;
        if (reps == 0) {
            reps = (int) Math.max(20, Math.min(5000, 3e10 / flops));
        }
        try (KernelPool pool = new KernelPool(threads)) {
            for (int round = 0; round < 3; round++) {
                long[] t = new long[reps];
                long cpu0 = BEAN.getCurrentThreadCpuTime();
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    Sgemm.linear(pool, a, 0, k, m, ws[r % copies], bias, ep, residual, 0, n, c, 0, n);
                    t[r] = System.nanoTime() - t0;
                }
                long cpu = BEAN.getCurrentThreadCpuTime() - cpu0;
                Arrays.sort(t);
                // Per caller-CPU-second figure: immune to being descheduled on a shared machine (1 thread only).
                System.out.printf(format + " " + ep + " M=%d N=%d K=%d threads=%d: median %.1f us = %.1f GFLOP/s %.1f GB/s (min %.1f us, p90 %.1f us)"
                                + " caller-cpu %.1f GFLOP/s%n",
                        m, n, k, threads, t[reps / 2] / 1e3, flops / t[reps / 2], (double) format.bytesPerWeight() * n * k / t[reps / 2], t[0] / 1e3, t[reps * 9 / 10] / 1e3,
                        flops * reps / cpu);
            }
        }
    }
}
