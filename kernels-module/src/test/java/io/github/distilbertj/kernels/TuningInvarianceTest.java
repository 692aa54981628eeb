package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever the tuning, every kernel result is bit-for-bit the one of the defaults, in every weight format (the
 * tunings move BF16/INT8 k-blocks between the in-register, widen-while-computing and widen-first paths).
 */
class TuningInvarianceTest {
    private static final List<KernelTuning> TUNINGS = List.of(
            KernelTuning.DEFAULTS,
            new KernelTuning(16, 8, 1, 8, 16 * 1024, 0),
            new KernelTuning(100, 24, 2, 16, 64 * 1024, 5_000),
            new KernelTuning(256, 64, 8, 32, 128 * 1024, 20_000),
            // odd kc: BF16 k-blocks start inside a pair, where the widening path replaces the in-register kernel
            new KernelTuning(37, 16, 2, 16, 32 * 1024, 0),
            new KernelTuning(768, 256, 3, 128, 1024 * 1024, 400_000),
            new KernelTuning(2048, 512, 16, 256, 4 << 20, 1_000_000));

    private static float[] gemm(KernelTuning tuning, int threads, float[] a, int m, PackedWeights w, float[] bias,
                                Epilogue ep, float[] residual) {
        float[] c = new float[m * w.n()];
        try (KernelPool pool = new KernelPool(threads, tuning)) {
            Sgemm.linear(pool, a, 0, w.k(), m, w, bias, ep, residual, 0, w.n(), c, 0, w.n());
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(WeightFormat.class)
    void sgemmIsBitIdenticalAcrossTunings(WeightFormat format) {
        Random rnd = new Random(42);
        int[][] shapes = {{1, 96, 768}, {7, 101, 333}, {24, 1152, 384}, {40, 101, 3077}, {130, 200, 900}, {300, 64, 50}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = TestData.random(rnd, m * k, 1f);
            PackedWeights w = PackedWeights.fromRowMajorNK(TestData.random(rnd, n * k, 0.5f), 0, n, k, format);
            float[] bias = TestData.random(rnd, n, 1f);
            float[] residual = TestData.random(rnd, m * n, 1f);
            for (Epilogue ep : new Epilogue[] {Epilogue.BIAS_GELU, Epilogue.BIAS_RESIDUAL}) {
                float[] expected = gemm(KernelTuning.DEFAULTS, 1, a, m, w, bias, ep, residual);
                for (KernelTuning t : TUNINGS) {
                    for (int threads = 1; threads <= 3; threads++) {
                        assertArrayEquals(expected, gemm(t, threads, a, m, w, bias, ep, residual),
                                format + " m=" + m + " n=" + n + " k=" + k + " " + ep + " threads=" + threads + " " + t);
                    }
                }
            }
        }
    }

    @Test
    void mapRoundTripAndValidation() {
        for (KernelTuning t : TUNINGS) {
            Map<String, String> strings = t.asMap().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
            assertEquals(t, KernelTuning.fromMap(strings));
        }
        assertThrows(IllegalArgumentException.class, () -> KernelTuning.DEFAULTS.withMc(12));
        assertThrows(IllegalArgumentException.class, () -> KernelTuning.DEFAULTS.withKc(8));
        assertThrows(IllegalArgumentException.class, () -> KernelTuning.DEFAULTS.withTasksPerThread(0));
        assertThrows(IllegalArgumentException.class, () -> KernelTuning.fromMap(Map.of("kc", "384")));
    }
}
