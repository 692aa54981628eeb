package io.github.distilbertj.model.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.LongBuffer;

/**
 * ONNX Runtime set-up shared by the benchmarks that compare against it, so every comparison runs ORT the
 * same way: CPU, {@code threads} intra-op threads, one inter-op thread, all graph optimisations.
 */
final class OrtBench {
    private OrtBench() {
    }

    /** A session over an ONNX file on disk. */
    static OrtSession open(OrtEnvironment env, String path, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = options(threads)) {
            return env.createSession(path, options);
        }
    }

    /** A session over an ONNX model held in memory (e.g. a jar resource). */
    static OrtSession open(OrtEnvironment env, byte[] model, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = options(threads)) {
            return env.createSession(model, options);
        }
    }

    /** rows (all of one length) as an int64 tensor of shape [rows, length], the type BERT exports take. */
    static OnnxTensor longs(OrtEnvironment env, int[][] rows) throws OrtException {
        int b = rows.length;
        int s = rows[0].length;
        long[] flat = new long[b * s];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < s; t++) {
                flat[i * s + t] = rows[i][t];
            }
        }
        return OnnxTensor.createTensor(env, LongBuffer.wrap(flat), new long[] {b, s});
    }

    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }
}
