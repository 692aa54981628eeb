package io.github.distilbertj.kernels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every blocking and threading parameter of the kernels, in one place. A {@link KernelPool} carries one; the
 * kernels read it per call, so two pools in one JVM may run with different parameters. None of them changes
 * a result: each output element is always summed over k in the same order (a k-block continues from the
 * stored fp32 partial sum), so results are bit-identical whatever the tuning (tests check it).
 *
 * @param kc             reduction block of the SGEMM (floats of k per packed A/B block)
 * @param mc             rows of A packed at once (a multiple of the micro-kernel's 8 rows)
 * @param tasksPerThread how many tasks per thread a parallel GEMM is cut into (load balance vs hand-off cost)
 * @param minRowsPerTask below this many rows per task, a GEMM is split over weight panels instead of rows
 * @param aL2Bytes       packed A a task keeps cache-resident in the few-rows order (bounds its k-chunk)
 * @param spinNanos      how long an idle pool worker polls before it parks (covers the gap between kernels)
 */
public record KernelTuning(int kc, int mc, int tasksPerThread, int minRowsPerTask, long aL2Bytes, long spinNanos) {

    /** The hand-tuned constants of the first development machine; the fallback when nothing was measured. */
    public static final KernelTuning DEFAULTS = new KernelTuning(384, 128, 4, 64, 256 * 1024, 100_000);

    public KernelTuning {
        if (kc < 16 || kc > 4096) {
            throw new IllegalArgumentException("kc must be in [16, 4096], got " + kc);
        }
        if (mc < GemmKernel.MR || mc % GemmKernel.MR != 0 || mc > 4096) {
            throw new IllegalArgumentException("mc must be a multiple of " + GemmKernel.MR + " in [" + GemmKernel.MR
                    + ", 4096], got " + mc);
        }
        if (tasksPerThread < 1 || tasksPerThread > 64) {
            throw new IllegalArgumentException("tasksPerThread must be in [1, 64], got " + tasksPerThread);
        }
        if (minRowsPerTask < GemmKernel.MR || minRowsPerTask % GemmKernel.MR != 0) {
            throw new IllegalArgumentException("minRowsPerTask must be a positive multiple of " + GemmKernel.MR
                    + ", got " + minRowsPerTask);
        }
        if (aL2Bytes < 16 * 1024 || aL2Bytes > (1L << 30)) {
            throw new IllegalArgumentException("aL2Bytes must be in [16 KiB, 1 GiB], got " + aL2Bytes);
        }
        if (spinNanos < 0 || spinNanos > 100_000_000) {
            throw new IllegalArgumentException("spinNanos must be in [0, 100 ms], got " + spinNanos);
        }
    }

    public KernelTuning withKc(int v) {
        return new KernelTuning(v, mc, tasksPerThread, minRowsPerTask, aL2Bytes, spinNanos);
    }

    public KernelTuning withMc(int v) {
        return new KernelTuning(kc, v, tasksPerThread, minRowsPerTask, aL2Bytes, spinNanos);
    }

    public KernelTuning withTasksPerThread(int v) {
        return new KernelTuning(kc, mc, v, minRowsPerTask, aL2Bytes, spinNanos);
    }

    public KernelTuning withMinRowsPerTask(int v) {
        return new KernelTuning(kc, mc, tasksPerThread, v, aL2Bytes, spinNanos);
    }

    public KernelTuning withAL2Bytes(long v) {
        return new KernelTuning(kc, mc, tasksPerThread, minRowsPerTask, v, spinNanos);
    }

    public KernelTuning withSpinNanos(long v) {
        return new KernelTuning(kc, mc, tasksPerThread, minRowsPerTask, aL2Bytes, v);
    }

    /** The parameters by name, in a stable order: for logs, /info and the cache file. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("kc", (long) kc);
        m.put("mc", (long) mc);
        m.put("tasksPerThread", (long) tasksPerThread);
        m.put("minRowsPerTask", (long) minRowsPerTask);
        m.put("aL2Bytes", aL2Bytes);
        m.put("spinNanos", spinNanos);
        return m;
    }

    /** The inverse of {@link #asMap}; a missing or invalid entry throws IllegalArgumentException. */
    public static KernelTuning fromMap(Map<String, String> m) {
        try {
            return new KernelTuning(Integer.parseInt(req(m, "kc")), Integer.parseInt(req(m, "mc")),
                    Integer.parseInt(req(m, "tasksPerThread")), Integer.parseInt(req(m, "minRowsPerTask")),
                    Long.parseLong(req(m, "aL2Bytes")), Long.parseLong(req(m, "spinNanos")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid kernel tuning entry: " + e.getMessage(), e);
        }
    }

    private static String req(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("kernel tuning has no '" + key + "'");
        }
        return v.trim();
    }

    @Override
    public String toString() {
        return "kc=" + kc + " mc=" + mc + " tasksPerThread=" + tasksPerThread + " minRowsPerTask=" + minRowsPerTask
                + " aL2=" + (aL2Bytes / 1024) + "KiB spin=" + (spinNanos / 1000) + "us";
    }
}
