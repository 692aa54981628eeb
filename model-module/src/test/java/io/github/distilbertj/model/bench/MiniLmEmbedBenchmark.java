package io.github.distilbertj.model.bench;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.github.distilbertj.model.Encoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * all-MiniLM-L6-v2 embedding of one ~20-word sentence, tokenization included: the built-in
 * encoder (2 threads) against LangChain4j's AllMiniLmL6V2EmbeddingModel (ONNX Runtime with its
 * default threading + DJL tokenizer), in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MiniLmEmbedBenchmark {

    static final String SENTENCE = "The quick brown fox jumps over the lazy dog while the farmer watches "
            + "from the porch of his old wooden house.";

    private Encoder encoder;
    private AllMiniLmL6V2EmbeddingModel langchain;

    @Setup(Level.Trial)
    public void setUp() {
        encoder = Encoder.builtin(2);
        langchain = new AllMiniLmL6V2EmbeddingModel();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
    }

    @Benchmark
    public float[] distilbertj() {
        return encoder.embed(SENTENCE);
    }

    @Benchmark
    public float[] langchain4j() {
        return langchain.embed(SENTENCE).content().vector();
    }
}
