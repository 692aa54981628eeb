package io.github.distilbertj.model.bench;

import io.github.distilbertj.model.Encoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** DistilBERT-base (random weights) last hidden state, this project's encoder. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EncoderForwardBenchmark {

    /** batch x sequence length. */
    @Param({"1x32", "1x128", "8x128", "32x128"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Encoder encoder;
    private int[][] ids;
    private int[][] mask;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        encoder = Encoder.load(BaseModelFolder.locate(), threads);
        String[] bs = shape.split("x");
        ids = BaseModelFolder.ids(Integer.parseInt(bs[0]), Integer.parseInt(bs[1]));
        mask = new int[ids.length][ids[0].length];
        for (int[] row : mask) {
            java.util.Arrays.fill(row, 1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
    }

    @Benchmark
    public float[][][] forward() {
        return encoder.forward(ids, mask);
    }
}
