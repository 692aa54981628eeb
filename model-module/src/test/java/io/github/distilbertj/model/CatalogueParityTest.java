package io.github.distilbertj.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.distilbertj.model.reference.CatalogueModel;
import io.github.distilbertj.tokenizer.Encoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fp32 catalogue model, loaded by its name, against ONNX Runtime running the model's own ONNX
 * file from the same jar: last hidden state and pooled, normalised embeddings on 2,000 texts each
 * (1,960 of 1-16 words, 20 of up to 120 words, 20 of 512 tokens after truncation), e5's with its
 * "query: " / "passage: " prompts.
 */
class CatalogueParityTest {

    // Sized for CI on two cores (tokens, not texts, cost time): about 30k tokens per model.
    private static final int SHORT = 1960;
    private static final int SHORT_WORDS = 16;
    private static final int MEDIUM = 20;
    private static final int FULL = 20;

    @ParameterizedTest
    @EnumSource(value = CatalogueModel.class, names = {"ALL_MINILM_L6_V2", "BGE_SMALL_EN_V1_5", "E5_SMALL_V2"})
    void matchesOnnxRuntimeOnItsOwnOnnxFile(CatalogueModel model) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] onnx;
        try (InputStream in = CatalogueParityTest.class.getClassLoader().getResourceAsStream(model.modelFile())) {
            assertNotNull(in, model.modelFile() + " on the test class path");
            onnx = in.readAllBytes();
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        try (Encoder encoder = Encoder.load(model.modelName(), 2);
             OrtSession session = env.createSession(onnx, options)) {
            assertEquals(model.config(), encoder.config());
            List<String> texts = texts(model, encoder);
            List<Encoding> encodings = new ArrayList<>(encoder.tokenizer().encodeBatch(texts));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                order.add(i);
            }
            // Similar lengths per batch keep ORT's padding (and the run time) small.
            order.sort(Comparator.comparingInt(i -> encodings.get(i).length()));
            int h = model.config().hiddenSize();
            double worstHidden = 0;
            double worstCosine = 1;
            int longest = 0;
            for (int start = 0; start < order.size(); start += 16) {
                List<Integer> rows = order.subList(start, Math.min(start + 16, order.size()));
                int n = rows.size();
                int[][] ids = new int[n][];
                int[][] types = new int[n][];
                int[][] mask = new int[n][];
                List<String> chunk = new ArrayList<>();
                for (int b = 0; b < n; b++) {
                    Encoding e = encodings.get(rows.get(b));
                    ids[b] = e.ids();
                    types[b] = e.typeIds();
                    mask[b] = e.attentionMask();
                    chunk.add(texts.get(rows.get(b)));
                    longest = Math.max(longest, e.length());
                }
                float[][][] expected = ort(env, session, ids, types, mask);
                float[][][] actual = encoder.forward(ids, types, mask);
                float[][] embeddings = encoder.embed(chunk);
                for (int b = 0; b < n; b++) {
                    for (int t = 0; t < ids[b].length; t++) {
                        for (int j = 0; j < h; j++) {
                            worstHidden = Math.max(worstHidden, Math.abs(expected[b][t][j] - actual[b][t][j]));
                        }
                    }
                    float[] reference = new float[h];
                    model.config().pooling().pool(flatten(expected[b], ids[b].length, h), 0, ids[b].length, h,
                            mask[b], 0, reference, 0);
                    Pooling.normalize(reference);
                    double cos = 0;
                    for (int j = 0; j < h; j++) {
                        cos += reference[j] * embeddings[b][j];
                    }
                    worstCosine = Math.min(worstCosine, cos);
                }
            }
            System.out.printf("%s vs ONNX Runtime (%s): %d texts (%d of 1-%d words, %d of up to 120, %d of %d tokens),"
                            + " last hidden state max abs diff %.3g, min embedding cosine %.8f%n",
                    model.modelName(), model.modelFile(), texts.size(), SHORT, SHORT_WORDS, MEDIUM, FULL, longest, worstHidden, worstCosine);
            assertEquals(512, longest);
            assertTrue(worstHidden <= 1e-4, model.modelName() + ": last hidden state max abs diff " + worstHidden);
            assertTrue(worstCosine >= 0.99999, model.modelName() + ": embedding cosine " + worstCosine);
        }
    }

    private static List<String> texts(CatalogueModel model, Encoder encoder) {
        SentenceGenerator generator = new SentenceGenerator(model.ordinal() + 1L);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < SHORT; i++) {
            texts.add(generator.next(SHORT_WORDS));
        }
        for (int i = 0; i < MEDIUM; i++) {
            texts.add(generator.next(120));
        }
        for (int i = 0; i < FULL; i++) {
            StringBuilder b = new StringBuilder();
            while (encoder.tokenizer().encode(b.toString()).length() < 512) {
                b.append(generator.next(60)).append(' ');
            }
            texts.add(b.toString());
        }
        if (!model.prompts().isEmpty() && model.prompts().containsKey("passage")) {
            for (int i = 0; i < texts.size(); i++) {
                texts.set(i, model.prompts().get(i % 2 == 0 ? "query" : "passage") + texts.get(i));
            }
        }
        return texts;
    }

    private static float[] flatten(float[][] rows, int len, int h) {
        float[] out = new float[len * h];
        for (int t = 0; t < len; t++) {
            System.arraycopy(rows[t], 0, out, t * h, h);
        }
        return out;
    }

    /** ORT's first output (last_hidden_state) for right-padded inputs; only the inputs the graph declares. */
    private static float[][][] ort(OrtEnvironment env, OrtSession session, int[][] ids, int[][] types, int[][] mask)
            throws OrtException {
        int batch = ids.length;
        int seq = 0;
        for (int[] row : ids) {
            seq = Math.max(seq, row.length);
        }
        long[] flatIds = new long[batch * seq];
        long[] flatTypes = new long[batch * seq];
        long[] flatMask = new long[batch * seq];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < ids[b].length; t++) {
                flatIds[b * seq + t] = ids[b][t];
                flatTypes[b * seq + t] = types[b][t];
                flatMask[b * seq + t] = mask[b][t];
            }
        }
        long[] shape = {batch, seq};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(flatIds), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(flatMask), shape));
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(flatTypes), shape));
            }
            try (OrtSession.Result r = session.run(inputs)) {
                return (float[][][]) r.get(0).getValue();
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
