package io.github.distilbertj.kernels;

/**
 * Tuning probe (not a JMH benchmark): the F32 micro-kernel alone, {@link GemmKernel#kernel} on one packed A panel
 * (MR x kc, L1) and one packed B panel (kc x NR: 72 KiB at kc 384, L2), called back to back, so Sgemm's driver
 * (packing, tile loops, C traffic from L3, epilogues, the task split) is left out: {@code MicroKernelProbe kc
 * [seconds]}. Its GFLOP/s against {@code FmaPeakBench} is the ceiling any GEMM built on this kernel can reach;
 * the gap to {@code GemmProbe} on a real shape is what the driver and the caches cost.
 */
public final class MicroKernelProbe {
    private MicroKernelProbe() {
    }

    public static void main(String[] args) {
        int kc = Integer.parseInt(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        int mr = GemmKernel.MR;
        int nr = GemmKernel.NR;
        float[] a = new float[kc * mr + PackedWeights.SPECULATION_PAD_STEPS * mr];
        float[] b = new float[kc * nr + PackedWeights.SPECULATION_PAD_STEPS * nr];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1e-3f * (i % 7);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 1e-3f * (i % 5);
        }
        float[] c = new float[mr * nr];
        int reps = Math.max(1, 2_560_000 / kc);
        double flopsPerCall = 2.0 * mr * nr * kc;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int round = 0; round < 5 || System.nanoTime() < end; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                // c is both init and output: each call accumulates onto the last, as later k-blocks do.
                GemmKernel.kernel(kc, a, 0, b, 0, c, 0, nr, c, 0, nr);
            }
            long t = System.nanoTime() - t0;
            if (round >= 2) {
                System.out.printf("micro-kernel %dx%d, kc %d: %.1f GFLOP/s%n", mr, nr, kc, flopsPerCall * reps / t);
            }
        }
        System.out.println("checksum " + c[0]);
    }
}
