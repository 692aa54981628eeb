package io.github.distilbertj.benchmark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The ONNX Runtime contender: one session on the torch-exported {@code model.onnx} with
 * {@code threads} intra-op threads, one inter-op thread and every graph optimisation.
 * Called from Java with int[][] ids like the other contenders: the tensor creation and the
 * copy of the output into float[][][] are part of what is timed, as they are for DistilBERT-J.
 */
public final class OrtDistilBert implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;

    public OrtDistilBert(Path onnx, int threads) throws OrtException {
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(onnx.toString(), options);
        }
    }

    /** Last hidden state [batch][seq][hidden]; rows must share one length (pad them first). */
    public float[][][] forward(int[][] ids, int[][] mask) throws OrtException {
        int b = ids.length;
        int s = ids[0].length;
        long[] flatIds = new long[b * s];
        long[] flatMask = new long[b * s];
        for (int i = 0; i < b; i++) {
            if (ids[i].length != s || mask[i].length != s) {
                throw new IllegalArgumentException("ONNX Runtime needs a rectangular batch: row " + i + " differs");
            }
            for (int t = 0; t < s; t++) {
                flatIds[i * s + t] = ids[i][t];
                flatMask[i * s + t] = mask[i][t];
            }
        }
        long[] shape = {b, s};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(flatIds), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(flatMask), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", idsTensor, "attention_mask", maskTensor))) {
            return (float[][][]) result.get(0).getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
