package io.github.distilbertj.kernels.bench;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.Sgemm;
import io.github.distilbertj.kernels.WeightFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * C[M,N] = A[M,K] W^T with W in F32, BF16 or INT8; 2*M*N*K flops per op. {@code weights=cold} cycles through
 * {@value #COLD_COPIES} distinct matrices (75 MB in F32 at 3072x768, more than the 32 MiB L3; 38 MB in BF16,
 * 19 MB in INT8, the footprints of a real model's layers), so each call streams its weights from memory as a
 * forward pass at batch 1 does; {@code hot} reuses one (L2/L3-resident: the kernels' arithmetic rate).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class WeightFormatBench {
    static final int COLD_COPIES = 8;

    @Param({"F32", "BF16", "INT8"})
    public WeightFormat format;

    @Param({"1", "32", "1024"})
    public int m;

    /** N x K. */
    @Param({"3072x768"})
    public String nk;

    @Param({"cold", "hot"})
    public String weights;

    @Param({"2"})
    public int threads;

    private KernelPool pool;
    private PackedWeights[] w;
    private float[] a;
    private float[] c;
    private int k;
    private int n;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        String[] parts = nk.split("x");
        n = Integer.parseInt(parts[0]);
        k = Integer.parseInt(parts[1]);
        Random rnd = new Random(1);
        float[] raw = new float[n * k];
        w = new PackedWeights["cold".equals(weights) ? COLD_COPIES : 1];
        for (int copy = 0; copy < w.length; copy++) {
            for (int i = 0; i < raw.length; i++) {
                raw[i] = rnd.nextFloat() - 0.5f;
            }
            w[copy] = PackedWeights.fromRowMajorNK(raw, 0, n, k, format);
        }
        a = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        c = new float[m * n];
        pool = new KernelPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public float[] linear() {
        PackedWeights wi = w[next];
        next = next + 1 == w.length ? 0 : next + 1;
        Sgemm.linear(pool, a, 0, k, m, wi, null, Epilogue.NONE, null, 0, 0, c, 0, n);
        return c;
    }
}
