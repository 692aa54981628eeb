package io.github.distilbertj.model.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.Activations;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.LoadOptions;
import io.github.distilbertj.tokenizer.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

/**
 * all-MiniLM-L6-v2's {@code -q} export (LangChain4j's all-minilm-l6-v2-q.onnx: MatMulInteger, 7-bit int8 weights,
 * DynamicQuantizeLinear activations), forward pass only (token ids in, last hidden state out), 2 threads:
 * this project loading the file ({@code q}: as the graph computes, u8 activations; {@code qWeightOnly}: fp32
 * activations over the same int8 weights) against ONNX Runtime running it (2 intra-op threads, all graph
 * optimisations), next to our INT8 and F32 loads of the fp32 model. {@code batch} 1 = one ~20-word sentence; 8 =
 * eight such sentences (ONNX Runtime gets them right-padded to the longest, as callers batch for it; we run them
 * unpadded).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class QuantizedExportBenchmark {

    static final String[] SENTENCES = {
        MiniLmEmbedBenchmark.SENTENCE,
        "A small encoder turns every sentence into a vector so that similar questions land close to each other.",
        "Yesterday the research team published new benchmark results for quantized transformer models on CPUs.",
        "Please remind me to buy coffee, bread and fresh tomatoes on the way home from the office tonight.",
        "The museum opens at nine in the morning and closes early on Sundays during the long winter season.",
        "Memory bandwidth rather than arithmetic limits how fast a single short sentence can be embedded.",
        "She carefully translated the old letters from German into English for her grandmother's birthday.",
        "Heavy rain is expected across the northern valleys tomorrow, with strong winds along the coast.",
    };

    @Param({"1", "8"})
    public int batch;

    private Encoder q;
    private Encoder qWeightOnly;
    private Encoder int8;
    private Encoder f32;
    private OrtEnvironment env;
    private OrtSession sessionQ;
    private Map<String, OnnxTensor> ortInputs;
    private int[][] ids;
    private int[][] mask;

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        q = Encoder.load("all-MiniLM-L6-v2-q", new LoadOptions(2, WeightFormat.INT8));
        qWeightOnly = Encoder.load("all-MiniLM-L6-v2-q", new LoadOptions(2, WeightFormat.INT8).withActivations(Activations.F32));
        int8 = Encoder.builtin(new LoadOptions(2, WeightFormat.INT8));
        f32 = Encoder.builtin(new LoadOptions(2, WeightFormat.F32));
        ids = new int[batch][];
        mask = new int[batch][];
        int longest = 0;
        for (int b = 0; b < batch; b++) {
            Encoding e = q.tokenizer().encode(SENTENCES[b]);
            ids[b] = e.ids();
            mask[b] = e.attentionMask();
            longest = Math.max(longest, ids[b].length);
        }
        int[][] paddedIds = new int[batch][longest];
        int[][] paddedMask = new int[batch][longest];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(ids[b], 0, paddedIds[b], 0, ids[b].length);
            System.arraycopy(mask[b], 0, paddedMask[b], 0, mask[b].length);
        }
        env = OrtEnvironment.getEnvironment();
        try (InputStream in = Encoder.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            sessionQ = OrtBench.open(env, in.readAllBytes(), 2);
        }
        ortInputs = Map.of("input_ids", OrtBench.longs(env, paddedIds),
                "token_type_ids", OrtBench.longs(env, new int[batch][longest]),
                "attention_mask", OrtBench.longs(env, paddedMask));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        q.close();
        qWeightOnly.close();
        int8.close();
        f32.close();
        for (OnnxTensor t : ortInputs.values()) {
            t.close();
        }
        sessionQ.close();
    }

    @Benchmark
    public float[][][] q() {
        return q.forward(ids, mask);
    }

    @Benchmark
    public float[][][] qWeightOnly() {
        return qWeightOnly.forward(ids, mask);
    }

    @Benchmark
    public float[][][] int8() {
        return int8.forward(ids, mask);
    }

    @Benchmark
    public float[][][] f32() {
        return f32.forward(ids, mask);
    }

    @Benchmark
    public float[][][] onnxRuntimeQ() throws OrtException {
        try (OrtSession.Result r = sessionQ.run(ortInputs)) {
            return (float[][][]) r.get(0).getValue();
        }
    }
}
