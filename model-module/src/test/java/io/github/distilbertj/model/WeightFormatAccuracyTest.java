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
import io.github.distilbertj.model.reference.CatalogueModel;
import io.github.distilbertj.tokenizer.Encoding;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Accuracy report of the BF16 and INT8 weight formats and of the {@code -q} dynamic-int8 ONNX exports, for
 * all-MiniLM-L6-v2, bge-small-en-v1.5 and e5-small-v2, over 2,000 generated texts each (1-24 words for MiniLM, 1-12 for the others; e5's with its
 * "query: " / "passage: " prompts): the cosine of each text's embedding (the model's pooling, L2-normalised)
 * against the fp32 model of the same engine, and our loading of the {@code -q} file against ONNX Runtime running
 * it. ONNX Runtime runs one text at a time: its DynamicQuantizeLinear quantizes the whole input tensor, so a
 * padded batch would change a text's result (we quantize per sequence, which is the one-text case). Printed as a
 * table and asserted against issue 15's targets: BF16 >= 0.9999 on every text; INT8 >= 0.995 on every text and a
 * mean no worse than ONNX Runtime's {@code -q} model against its fp32 model.
 */
class WeightFormatAccuracyTest {
    private static final int TEXTS = 2000;
    /**
     * MiniLM: 1-24 words, as this test had for MiniLM alone; shorter texts are harder for INT8: with 1-12 words its
     * INT8 minimum was 0.994702 (below the 0.995 target; mean 0.999510), see model-module/README.md. The 12-layer
     * models, twice the work per token: 1-12 words, to keep the test near three minutes on two cores.
     */
    private static int maxWords(CatalogueModel model) {
        return model == CatalogueModel.ALL_MINILM_L6_V2 ? 24 : 12;
    }
    /** {@code -Daccuracy.weightOnly=true} adds the -q weights with fp32 activations (one more pass per model). */
    private static final boolean WEIGHT_ONLY = Boolean.getBoolean("accuracy.weightOnly");

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

    @ParameterizedTest
    @EnumSource(value = CatalogueModel.class, names = {"ALL_MINILM_L6_V2", "BGE_SMALL_EN_V1_5", "E5_SMALL_V2"})
    void formatsAndInt8ExportsAgainstFp32(CatalogueModel model) throws Exception {
        CatalogueModel quantized = CatalogueModel.valueOf(model.name() + "_Q");
        long start = System.nanoTime();
        List<String> texts = texts(model);
        float[][] f32;
        float[][] bf16;
        float[][] int8;
        float[][] q;
        final float[][] qWeightOnly;
        List<Encoding> encodings;
        try (Encoder e = Encoder.load(model.modelName(), new LoadOptions(2, WeightFormat.F32))) {
            assertEquals(Activations.F32, e.activations());
            f32 = e.embed(texts);
            encodings = e.tokenizer().encodeBatch(texts);
        }
        try (Encoder e = Encoder.load(model.modelName(), new LoadOptions(2, WeightFormat.BF16))) {
            assertEquals(WeightFormat.BF16, e.weightFormat());
            bf16 = e.embed(texts);
        }
        try (Encoder e = Encoder.load(model.modelName(), new LoadOptions(2, WeightFormat.INT8))) {
            int8 = e.embed(texts);
        }
        try (Encoder e = Encoder.load(quantized.modelName(),
                new LoadOptions(2, WeightFormat.INT8).withActivations(Activations.MODEL))) {
            assertEquals(Activations.U8, e.activations(), "a dynamic-int8 export's graph quantizes activations");
            q = e.embed(texts);
            assertEquals(encodings.stream().map(x -> Arrays.toString(x.ids())).toList(),
                    e.tokenizer().encodeBatch(texts).stream().map(x -> Arrays.toString(x.ids())).toList(),
                    "the -q jar's tokenizer is the fp32 model's");
        }
        // The weight-only alternative (fp32 activations over the -q weights) costs one more pass: on request.
        boolean weightOnly = WEIGHT_ONLY;
        if (weightOnly) {
            try (Encoder e = Encoder.load(quantized.modelName(),
                    new LoadOptions(2, WeightFormat.INT8).withActivations(Activations.F32))) {
                qWeightOnly = e.embed(texts);
            }
        } else {
            qWeightOnly = null;
        }
        Pooling pooling = model.config().pooling();
        long t0 = System.nanoTime();
        System.out.printf("  (%s: our encoders took %.1f s)%n", model.modelName(), (t0 - start) / 1e9);
        float[][] ortF32 = ortEmbeddings(model, pooling, encodings, 16);
        float[][] ortQ = ortEmbeddings(quantized, pooling, encodings, 1);
        System.out.printf("  (ONNX Runtime took %.1f s)%n", (System.nanoTime() - t0) / 1e9);

        Stats sBf16 = Stats.of(cosines(bf16, f32));
        Stats sInt8 = Stats.of(cosines(int8, f32));
        Stats sOrt = Stats.of(cosines(ortQ, ortF32));
        Stats sQ = Stats.of(cosines(q, f32));
        Stats sQWeightOnly = weightOnly ? Stats.of(cosines(qWeightOnly, f32)) : null;
        Stats sQVsOrt = Stats.of(cosines(q, ortQ));
        Stats sQWeightOnlyVsOrt = weightOnly ? Stats.of(cosines(qWeightOnly, ortQ)) : null;
        Stats sOrtVsOurs = Stats.of(cosines(ortF32, f32));
        String name = model.modelName();
        System.out.println("Accuracy on " + TEXTS + " texts of 1-" + maxWords(model) + " words, " + name
                + ", cosine of the embeddings:");
        System.out.println("  " + name + " ours BF16 vs ours F32:                  " + sBf16);
        System.out.println("  " + name + " ours INT8 vs ours F32:                  " + sInt8);
        System.out.println("  " + name + " ORT -q vs ORT fp32:                     " + sOrt);
        System.out.println("  " + name + " ours -q (u8 activations) vs ours F32:   " + sQ);
        if (weightOnly) {
            System.out.println("  " + name + " ours -q (fp32 activations) vs ours F32: " + sQWeightOnly);
        }
        System.out.println("  " + name + " ours -q (u8 activations) vs ORT -q:     " + sQVsOrt + "  (" + agreeing(q, ortQ)
                + " texts >= 0.99999)");
        if (weightOnly) {
            System.out.println("  " + name + " ours -q (fp32 activations) vs ORT -q:   " + sQWeightOnlyVsOrt);
        }
        System.out.println("  " + name + " (ORT fp32 vs ours F32, sanity:          " + sOrtVsOurs + ")");

        assertTrue(sOrtVsOurs.min() > 0.9999, "our F32 reproduces ONNX Runtime's fp32 model: " + sOrtVsOurs);
        assertTrue(sBf16.min() >= 0.9999, "BF16 on every text: " + sBf16);
        assertTrue(sInt8.min() >= 0.995, "INT8 on every text: " + sInt8);
        assertTrue(sInt8.mean() >= sOrt.mean(), "INT8 mean " + sInt8 + " vs ONNX Runtime int8 " + sOrt);
        // Our -q computes ORT's arithmetic. Where an fp32 rounding difference (1e-6) moves a value across a uint8
        // rounding boundary, the step it changes moves later values across more boundaries: such texts end up as
        // far from ORT's -q as two independent quantizations; the others agree to fp32 noise.
        assertTrue(sQVsOrt.min() >= 0.98, "our -q vs ONNX Runtime's -q on every text: " + sQVsOrt);
        assertTrue(sQVsOrt.mean() >= 0.998, "our -q vs ONNX Runtime's -q, mean: " + sQVsOrt);
        assertTrue(Math.abs(sQ.mean() - sOrt.mean()) <= 1e-3, "our -q vs fp32 " + sQ + " as ONNX Runtime's " + sOrt);
        if (weightOnly) {
            assertTrue(sQWeightOnly.mean() >= sOrt.mean(), "weight-only -q " + sQWeightOnly + " vs ONNX Runtime's " + sOrt);
        }
    }

    @Test
    void unknownWeightFormatNamesTheOptionAndTheAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parseWeights("fp16"));
        assertEquals("distilbertj.weights must be one of f32|bf16|int8, got 'fp16'", e.getMessage());
        assertEquals(WeightFormat.INT8, LoadOptions.parseWeights("INT8"));
        assertThrows(IllegalArgumentException.class, () -> new LoadOptions(0, WeightFormat.F32));
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parseActivations("int8"));
        assertEquals("distilbertj.activations must be one of model|f32|u8, got 'int8'", a.getMessage());
        assertEquals(Activations.U8, LoadOptions.parseActivations(" U8 "));
    }

    private static List<String> texts(CatalogueModel model) {
        List<String> texts = new java.util.ArrayList<>(new SentenceGenerator(15).sentences(TEXTS, maxWords(model)));
        if (model.prompts().containsKey("passage")) {
            for (int i = 0; i < texts.size(); i++) {
                texts.set(i, model.prompts().get(i % 2 == 0 ? "query" : "passage") + texts.get(i));
            }
        }
        return texts;
    }

    private static int agreeing(float[][] a, float[][] b) {
        return (int) Arrays.stream(cosines(a, b)).filter(c -> c >= 0.99999).count();
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

    /**
     * The model's pooling of last_hidden_state from ONNX Runtime (2 threads) running its ONNX file, {@code batch} texts
     * of similar length per run (right-padded, masked); the int8 exports need 1, since their activation
     * quantization would see the padding.
     */
    private static float[][] ortEmbeddings(CatalogueModel model, Pooling pooling, List<Encoding> encodings, int batch)
            throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] onnx;
        try (InputStream in = WeightFormatAccuracyTest.class.getClassLoader().getResourceAsStream(model.modelFile())) {
            assertNotNull(in, model.modelFile() + " on the test class path");
            onnx = in.readAllBytes();
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(onnx, options)) {
                float[][] out = new float[encodings.size()][];
                Integer[] order = new Integer[out.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, java.util.Comparator.comparingInt(i -> encodings.get(i).length()));
                for (int start = 0; start < order.length; start += batch) {
                    List<Integer> rows = Arrays.asList(order).subList(start, Math.min(order.length, start + batch));
                    float[][] pooled = pooled(env, session, pooling, rows.stream().map(encodings::get).toList());
                    for (int r = 0; r < rows.size(); r++) {
                        out[rows.get(r)] = pooled[r];
                    }
                }
                return out;
            }
        }
    }

    private static float[][] pooled(OrtEnvironment env, OrtSession session, Pooling pooling, List<Encoding> rows)
            throws OrtException {
        int b = rows.size();
        int n = rows.stream().mapToInt(Encoding::length).max().orElseThrow();
        long[] ids = new long[b * n];
        long[] types = new long[b * n];
        long[] mask = new long[b * n];
        int[][] masks = new int[b][n];
        for (int r = 0; r < b; r++) {
            Encoding e = rows.get(r);
            for (int t = 0; t < e.length(); t++) {
                ids[r * n + t] = e.ids()[t];
                types[r * n + t] = e.typeIds()[t];
                mask[r * n + t] = e.attentionMask()[t];
                masks[r][t] = e.attentionMask()[t];
            }
        }
        long[] shape = {b, n};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result r = session.run(inputs)) {
                float[][] pooled = pooling.pool((float[][][]) r.get(0).getValue(), masks);
                for (float[] v : pooled) {
                    Pooling.normalize(v);
                }
                return pooled;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
