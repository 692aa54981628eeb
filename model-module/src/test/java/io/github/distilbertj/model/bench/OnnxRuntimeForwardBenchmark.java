package io.github.distilbertj.model.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The same DistilBERT-base random weights through ONNX Runtime (model.onnx exported by the
 * fixtures helper next to model.safetensors), same inputs, last hidden state copied out to Java
 * as this project's encoder returns it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OnnxRuntimeForwardBenchmark {

    @Param({"1x32", "1x128", "8x128", "32x128"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor ids;
    private OnnxTensor mask;

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        Path onnx = BaseModelFolder.locate().resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            throw new IllegalStateException(onnx + " is missing: run benchmark/python/make_fixtures.py --base benchmark/work");
        }
        env = OrtEnvironment.getEnvironment();
        session = OrtBench.open(env, onnx.toString(), threads);
        String[] bs = shape.split("x");
        int[][] rows = BaseModelFolder.ids(Integer.parseInt(bs[0]), Integer.parseInt(bs[1]));
        int[][] ones = new int[rows.length][rows[0].length];
        for (int[] row : ones) {
            Arrays.fill(row, 1);
        }
        ids = OrtBench.longs(env, rows);
        mask = OrtBench.longs(env, ones);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        ids.close();
        mask.close();
        session.close();
    }

    @Benchmark
    public float[][][] forward() throws OrtException {
        try (OrtSession.Result r = session.run(Map.of("input_ids", ids, "attention_mask", mask))) {
            return (float[][][]) r.get(0).getValue();
        }
    }
}
