package io.github.distilbertj.model.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.LoadOptions;
import io.github.distilbertj.tokenizer.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
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
 * default threading + DJL tokenizer), in the same run. The two {@code forward} methods isolate the
 * model: the sentence's token ids through this project's encoder and through an ONNX Runtime session
 * (2 intra-op threads, all graph optimisations) on the same ONNX file, last hidden state out. The
 * {@code Bf16}/{@code Int8} variants load the same model with BF16/INT8 weights; {@code onnxRuntimeInt8Forward}
 * runs LangChain4j's quantized export all-minilm-l6-v2-q.onnx (MatMulInteger, 2 intra-op threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MiniLmEmbedBenchmark {

    static final String SENTENCE = "The quick brown fox jumps over the lazy dog while the farmer watches "
            + "from the porch of his old wooden house.";

    private Encoder encoder;
    private Encoder bf16;
    private Encoder int8;
    private OrtSession sessionQ;
    private AllMiniLmL6V2EmbeddingModel langchain;
    private int[][] ids;
    private int[][] mask;
    private OrtEnvironment env;
    private OrtSession session;
    private Map<String, OnnxTensor> ortInputs;

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        encoder = Encoder.builtin(2);
        bf16 = Encoder.builtin(new LoadOptions(2, WeightFormat.BF16));
        int8 = Encoder.builtin(new LoadOptions(2, WeightFormat.INT8));
        langchain = new AllMiniLmL6V2EmbeddingModel();
        Encoding e = encoder.tokenizer().encode(SENTENCE);
        ids = new int[][] {e.ids()};
        mask = new int[][] {e.attentionMask()};
        env = OrtEnvironment.getEnvironment();
        try (InputStream in = Encoder.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            session = OrtBench.open(env, in.readAllBytes(), 2);
        }
        try (InputStream in = Encoder.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            sessionQ = OrtBench.open(env, in.readAllBytes(), 2);
        }
        ortInputs = Map.of("input_ids", OrtBench.longs(env, ids),
                "token_type_ids", OrtBench.longs(env, new int[1][ids[0].length]),
                "attention_mask", OrtBench.longs(env, mask));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        encoder.close();
        bf16.close();
        int8.close();
        sessionQ.close();
        for (OnnxTensor t : ortInputs.values()) {
            t.close();
        }
        session.close();
    }

    @Benchmark
    public float[] distilbertj() {
        return encoder.embed(SENTENCE);
    }

    @Benchmark
    public float[] distilbertjBf16() {
        return bf16.embed(SENTENCE);
    }

    @Benchmark
    public float[] distilbertjInt8() {
        return int8.embed(SENTENCE);
    }

    @Benchmark
    public float[][][] distilbertjBf16Forward() {
        return bf16.forward(ids, mask);
    }

    @Benchmark
    public float[][][] distilbertjInt8Forward() {
        return int8.forward(ids, mask);
    }

    @Benchmark
    public float[][][] onnxRuntimeInt8Forward() throws OrtException {
        try (OrtSession.Result r = sessionQ.run(ortInputs)) {
            return (float[][][]) r.get(0).getValue();
        }
    }

    @Benchmark
    public float[] langchain4j() {
        return langchain.embed(SENTENCE).content().vector();
    }

    @Benchmark
    public float[][][] distilbertjForward() {
        return encoder.forward(ids, mask);
    }

    @Benchmark
    public float[][][] onnxRuntimeForward() throws OrtException {
        try (OrtSession.Result r = session.run(ortInputs)) {
            return (float[][][]) r.get("last_hidden_state").orElseThrow().getValue();
        }
    }
}
