package io.github.distilbertj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.tokenizer.Encoding;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Accuracy report of the BF16 and INT8 weight formats on the built-in all-MiniLM-L6-v2, over 2,000 generated texts:
 * cosine of each text's embedding against our F32 embedding, next to ONNX Runtime's int8 export
 * (all-minilm-l6-v2-q.onnx) against ONNX Runtime's fp32 model on the same texts. Printed as a table and asserted
 * against the targets of issue 15: BF16 >= 0.9999 on every text; INT8 >= 0.995 on every text and a mean no worse
 * than ONNX Runtime's int8 model.
 */
class WeightFormatAccuracyTest {
    private static final int TEXTS = 2000;

    record Stats(double min, double mean, double p01) {
        static Stats of(double[] cos) {
            double[] sorted = cos.clone();
            Arrays.sort(sorted);
            return new Stats(sorted[0], Arrays.stream(cos).average().orElseThrow(), sorted[sorted.length / 100]);
        }

        @Override
        public String toString() {
            return String.format("min %.6f  p1 %.6f  mean %.6f", min, p01, mean);
        }
    }

    @Test
    void bf16AndInt8AgainstF32NextToOnnxRuntimeInt8() throws Exception {
        List<String> texts = new SentenceGenerator(15).sentences(TEXTS, 24);
        float[][] f32;
        float[][] bf16;
        float[][] int8;
        List<Encoding> encodings;
        try (Encoder e = Encoder.builtin(new LoadOptions(2, WeightFormat.F32))) {
            f32 = e.embed(texts);
            encodings = e.tokenizer().encodeBatch(texts);
        }
        try (Encoder e = Encoder.builtin(new LoadOptions(2, WeightFormat.BF16))) {
            assertEquals(WeightFormat.BF16, e.weightFormat());
            bf16 = e.embed(texts);
        }
        try (Encoder e = Encoder.builtin(new LoadOptions(2, WeightFormat.INT8))) {
            int8 = e.embed(texts);
        }
        float[][] ortF32 = ortEmbeddings(Encoder.BUILTIN_ONNX, encodings);
        float[][] ortInt8 = ortEmbeddings("/all-minilm-l6-v2-q.onnx", encodings);

        Stats sBf16 = Stats.of(cosines(bf16, f32));
        Stats sInt8 = Stats.of(cosines(int8, f32));
        Stats sOrt = Stats.of(cosines(ortInt8, ortF32));
        Stats sOrtVsOurs = Stats.of(cosines(ortF32, f32));
        System.out.println("Accuracy on " + TEXTS + " texts, all-MiniLM-L6-v2, cosine vs the fp32 model of the same engine:");
        System.out.println("  ours BF16 vs ours F32:               " + sBf16);
        System.out.println("  ours INT8 vs ours F32:               " + sInt8);
        System.out.println("  ORT -q (int8) vs ORT fp32:           " + sOrt);
        System.out.println("  (ORT fp32 vs ours F32, sanity:       " + sOrtVsOurs + ")");

        assertTrue(sOrtVsOurs.min() > 0.9999, "our F32 reproduces ONNX Runtime's fp32 model: " + sOrtVsOurs);
        assertTrue(sBf16.min() >= 0.9999, "BF16 on every text: " + sBf16);
        assertTrue(sInt8.min() >= 0.995, "INT8 on every text: " + sInt8);
        assertTrue(sInt8.mean() >= sOrt.mean(), "INT8 mean " + sInt8 + " vs ONNX Runtime int8 " + sOrt);
    }

    @Test
    void unknownWeightFormatNamesTheOptionAndTheAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parseWeights("fp16"));
        assertEquals("distilbertj.weights must be one of f32|bf16|int8, got 'fp16'", e.getMessage());
        assertEquals(WeightFormat.INT8, LoadOptions.parseWeights("INT8"));
        assertThrows(IllegalArgumentException.class, () -> new LoadOptions(0, WeightFormat.F32));
    }

    private static double[] cosines(float[][] a, float[][] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int j = 0; j < a[i].length; j++) {
                dot += (double) a[i][j] * b[i][j];
                na += (double) a[i][j] * a[i][j];
                nb += (double) b[i][j] * b[i][j];
            }
            out[i] = dot / Math.sqrt(na * nb);
        }
        return out;
    }

    /** Mean-pooled last_hidden_state of an ONNX model run by ONNX Runtime (2 threads), one text at a time. */
    private static float[][] ortEmbeddings(String resource, List<Encoding> encodings) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] model;
        try (InputStream in = WeightFormatAccuracyTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            model = in.readAllBytes();
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options)) {
                float[][] out = new float[encodings.size()][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = meanPooled(env, session, encodings.get(i));
                }
                return out;
            }
        }
    }

    private static float[] meanPooled(OrtEnvironment env, OrtSession session, Encoding e) throws OrtException {
        int[] ids = e.ids();
        int n = ids.length;
        long[] li = new long[n];
        long[] lt = new long[n];
        long[] lm = new long[n];
        for (int t = 0; t < n; t++) {
            li[t] = ids[t];
            lt[t] = e.typeIds()[t];
            lm[t] = e.attentionMask()[t];
        }
        long[] shape = {1, n};
        try (OnnxTensor i = OnnxTensor.createTensor(env, LongBuffer.wrap(li), shape);
             OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(lt), shape);
             OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(lm), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", i, "token_type_ids", t, "attention_mask", m))) {
            float[][] hidden = ((float[][][]) r.get(0).getValue())[0];
            float[] mean = new float[hidden[0].length];
            for (float[] row : hidden) {
                for (int d = 0; d < mean.length; d++) {
                    mean[d] += row[d] / n;
                }
            }
            return mean;
        }
    }
}
