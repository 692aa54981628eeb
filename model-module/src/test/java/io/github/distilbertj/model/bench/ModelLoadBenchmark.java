package io.github.distilbertj.model.bench;

import io.github.distilbertj.model.Encoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Load time of DistilBERT-base (mmap + header validation + packing) and of the built-in MiniLM. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ModelLoadBenchmark {

    private Path folder;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = BaseModelFolder.locate();
    }

    @Benchmark
    public int loadDistilBertBase() throws IOException {
        try (Encoder e = Encoder.load(folder, 2)) {
            return e.config().hiddenSize();
        }
    }

    @Benchmark
    public int loadBuiltinMiniLm() {
        try (Encoder e = Encoder.builtin(2)) {
            return e.config().hiddenSize();
        }
    }
}
