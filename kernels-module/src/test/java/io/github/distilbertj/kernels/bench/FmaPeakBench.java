package io.github.distilbertj.kernels.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Vector API FMA peak of this machine: 16 independent FloatVector.fma chains (enough to cover FMA
 * latency x 2 ports), {@link #ITERATIONS} steps. One op = 16 * 2 * lanes * ITERATIONS flops per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FmaPeakBench {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    public static final int ITERATIONS = 100_000;
    public static final int CHAINS = 16;

    private float x;
    private float y;

    @Setup
    public void setup() {
        x = 0.999f;
        y = 1e-4f;
    }

    @Benchmark
    @Threads(1)
    public float fma1Thread() {
        return run();
    }

    @Benchmark
    @Threads(2)
    public float fma2Threads() {
        return run();
    }

    private float run() {
        FloatVector m = FloatVector.broadcast(S, x);
        FloatVector a = FloatVector.broadcast(S, y);
        FloatVector c0 = a, c1 = a.add(1f), c2 = a.add(2f), c3 = a.add(3f);
        FloatVector c4 = a.add(4f), c5 = a.add(5f), c6 = a.add(6f), c7 = a.add(7f);
        FloatVector c8 = a.add(8f), c9 = a.add(9f), c10 = a.add(10f), c11 = a.add(11f);
        FloatVector c12 = a.add(12f), c13 = a.add(13f), c14 = a.add(14f), c15 = a.add(15f);
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
            c12 = c12.fma(m, a);
            c13 = c13.fma(m, a);
            c14 = c14.fma(m, a);
            c15 = c15.fma(m, a);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7)
                .add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15);
        return s.lane(0);
    }
}
