package io.github.distilbertj.kernels.bench;

import io.github.distilbertj.kernels.Epilogue;
import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.Sgemm;
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

/** C[M,N] = A[M,K] W^T (no epilogue) on a pool of {@code threads}; 2*M*N*K flops per op. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SgemmBench {
    @Param({"32", "128", "1024", "4096"})
    public int m;

    /** N x K. */
    @Param({"768x768", "3072x768", "768x3072"})
    public String nk;

    @Param({"1", "2"})
    public int threads;

    private KernelPool pool;
    private PackedWeights w;
    private float[] a;
    private float[] c;
    private int k;
    private int n;

    @Setup(Level.Trial)
    public void setup() {
        String[] parts = nk.split("x");
        n = Integer.parseInt(parts[0]);
        k = Integer.parseInt(parts[1]);
        Random rnd = new Random(1);
        float[] raw = new float[n * k];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = rnd.nextFloat() - 0.5f;
        }
        w = PackedWeights.fromRowMajorNK(raw, 0, n, k);
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
        Sgemm.linear(pool, a, 0, k, m, w, null, Epilogue.NONE, null, 0, 0, c, 0, n);
        return c;
    }
}
