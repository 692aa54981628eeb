package io.github.distilbertj.kernels.bench;

import io.github.distilbertj.kernels.Attention;
import io.github.distilbertj.kernels.KernelPool;
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
 * Attention over a fused QKV buffer, no padding; 4 * batch * heads * seq^2 * headDim flops per op (QK^T and PV;
 * softmax not counted). headDim 64 is DistilBERT/BERT-base, 32 the catalogue's small models (MiniLM, bge-small,
 * e5-small, 12 heads of 32); seq 47 is a query block of three vectors at 512 bits (a typical sentence).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AttentionBench {
    /** batch x heads x seq. */
    @Param({"8x12x128", "1x12x32", "1x12x512", "8x12x256", "8x12x512", "8x12x47"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"64"})
    public int headDim;

    private KernelPool pool;
    private float[] qkv;
    private float[] out;
    private int[] mask;
    private int batch;
    private int heads;
    private int seq;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("x");
        batch = Integer.parseInt(p[0]);
        heads = Integer.parseInt(p[1]);
        seq = Integer.parseInt(p[2]);
        int hidden = heads * headDim;
        Random rnd = new Random(2);
        qkv = new float[batch * seq * 3 * hidden];
        for (int i = 0; i < qkv.length; i++) {
            qkv[i] = rnd.nextFloat() - 0.5f;
        }
        out = new float[batch * seq * hidden];
        mask = new int[batch * seq];
        java.util.Arrays.fill(mask, 1);
        pool = new KernelPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public float[] attention() {
        int hidden = heads * headDim;
        Attention.compute(pool, qkv, 0, qkv, hidden, qkv, 2 * hidden, 3 * hidden, batch, seq, heads, headDim,
                (float) (1 / Math.sqrt(headDim)), mask, out, 0, hidden);
        return out;
    }
}
