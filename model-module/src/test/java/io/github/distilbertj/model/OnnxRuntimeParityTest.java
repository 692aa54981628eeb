package io.github.distilbertj.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.github.distilbertj.tokenizer.Encoding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in all-MiniLM-L6-v2 against ONNX Runtime running the very ONNX file it was imported
 * from, and against LangChain4j's AllMiniLmL6V2EmbeddingModel (ORT + DJL tokenizer).
 */
class OnnxRuntimeParityTest {

    private static Encoder encoder;
    private static OrtEnvironment env;
    private static OrtSession session;

    @BeforeAll
    static void load() throws Exception {
        encoder = Encoder.builtin(2);
        env = OrtEnvironment.getEnvironment();
        try (InputStream in = OnnxRuntimeParityTest.class.getResourceAsStream(Encoder.BUILTIN_ONNX)) {
            assertNotNull(in);
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(2);
            session = env.createSession(in.readAllBytes(), options);
        }
        assertEquals(Set.of("input_ids", "attention_mask", "token_type_ids"), session.getInputNames());
    }

    @AfterAll
    static void close() throws OrtException {
        if (session != null) {
            session.close();
        }
        if (encoder != null) {
            encoder.close();
        }
    }

    /** ORT's last_hidden_state [batch, seq, hidden] for right-padded inputs. */
    private static float[][][] ort(int[][] ids, int[][] types, int[][] mask) throws OrtException {
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
        try (OnnxTensor i = OnnxTensor.createTensor(env, LongBuffer.wrap(flatIds), shape);
             OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(flatTypes), shape);
             OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(flatMask), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", i, "token_type_ids", t, "attention_mask", m))) {
            return (float[][][]) r.get("last_hidden_state").orElseThrow().getValue();
        }
    }

    @Test
    void lastHiddenStateAndEmbeddingsMatchOnnxRuntimeOn240Sentences() throws OrtException {
        // 220 sentences of 1-40 words and 20 of up to 120 words (over 128 tokens), interleaved.
        SentenceGenerator generator = new SentenceGenerator(42);
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            sentences.add(generator.next(i % 12 == 5 ? 120 : 40));
        }
        double worstHidden = 0;
        double worstCosine = 1;
        int batches = 0;
        // Batches of 8 mix lengths, so most rows are padded on ORT's side and sorted/chunked on ours.
        for (int start = 0; start < sentences.size(); start += 8) {
            List<String> chunk = sentences.subList(start, Math.min(start + 8, sentences.size()));
            List<Encoding> enc = encoder.tokenizer().encodeBatch(chunk);
            int[][] ids = new int[chunk.size()][];
            int[][] types = new int[chunk.size()][];
            int[][] mask = new int[chunk.size()][];
            for (int b = 0; b < chunk.size(); b++) {
                ids[b] = enc.get(b).ids();
                types[b] = enc.get(b).typeIds();
                mask[b] = enc.get(b).attentionMask();
            }
            float[][][] expected = ort(ids, types, mask);
            float[][][] actual = encoder.forward(ids, types, mask);
            float[][] embeddings = encoder.embed(chunk);
            for (int b = 0; b < chunk.size(); b++) {
                for (int t = 0; t < ids[b].length; t++) {
                    for (int j = 0; j < 384; j++) {
                        worstHidden = Math.max(worstHidden, Math.abs(expected[b][t][j] - actual[b][t][j]));
                    }
                }
                float[] reference = meanPoolNormalise(expected[b], ids[b].length);
                worstCosine = Math.min(worstCosine, dot(reference, embeddings[b]));
            }
            batches++;
        }
        System.out.printf("MiniLM vs ONNX Runtime: %d sentences in %d padded batches, last hidden state max abs diff %.3g, min cosine %.8f%n",
                sentences.size(), batches, worstHidden, worstCosine);
        assertTrue(worstHidden <= 1e-4, "last hidden state max abs diff " + worstHidden);
        assertTrue(worstCosine >= 0.99999, "embedding cosine " + worstCosine);
    }

    @Test
    void embeddingsMatchLangChain4j() {
        AllMiniLmL6V2EmbeddingModel langchain = new AllMiniLmL6V2EmbeddingModel();
        // LangChain4j truncates at the 128 tokens its tokenizer.json asks for (and re-tokenises
        // detokenised word pieces), so compare texts that stay well below that.
        List<String> sentences = new SentenceGenerator(7).sentences(60, 40);
        sentences.add("The quick brown fox jumps over the lazy dog near the riverbank on a sunny afternoon.");
        float[][] ours = encoder.embed(sentences);
        double worst = 0;
        for (int i = 0; i < sentences.size(); i++) {
            assertTrue(encoder.tokenizer().encode(sentences.get(i)).length() < 128);
            float[] theirs = langchain.embed(sentences.get(i)).content().vector();
            for (int j = 0; j < theirs.length; j++) {
                worst = Math.max(worst, Math.abs(theirs[j] - ours[i][j]));
            }
        }
        System.out.printf("MiniLM vs LangChain4j AllMiniLmL6V2EmbeddingModel: %d texts, embedding max abs diff %.3g%n",
                sentences.size(), worst);
        assertTrue(worst <= 1e-5, "embedding max abs diff vs LangChain4j " + worst);
    }

    @Test
    void resultsDoNotDependOnPadding() {
        String text = "A short sentence.";
        String longText = String.join(" ", new SentenceGenerator(3).sentences(30, 12));
        assertTrue(encoder.tokenizer().encode(longText).length() > 100);
        float[] alone = encoder.embed(List.of(text))[0];
        float[] inBatch = encoder.embed(List.of(longText, text, longText))[1];
        double worst = 0;
        for (int j = 0; j < alone.length; j++) {
            worst = Math.max(worst, Math.abs(alone[j] - inBatch[j]));
        }
        assertTrue(worst <= 1e-5, "embedding alone vs in a padded batch differs by " + worst);

        Encoding s = encoder.tokenizer().encode(text);
        Encoding l = encoder.tokenizer().encode(longText);
        float[][] single = encoder.forward(new int[][] {s.ids()}, new int[][] {s.typeIds()}, new int[][] {s.attentionMask()})[0];
        float[][] batched = encoder.forward(new int[][] {l.ids(), s.ids()}, new int[][] {l.typeIds(), s.typeIds()},
                new int[][] {l.attentionMask(), s.attentionMask()})[1];
        double worstHidden = 0;
        for (int t = 0; t < single.length; t++) {
            for (int j = 0; j < single[t].length; j++) {
                worstHidden = Math.max(worstHidden, Math.abs(single[t][j] - batched[t][j]));
            }
        }
        assertTrue(worstHidden <= 1e-5, "hidden state alone vs in a padded batch differs by " + worstHidden);
    }

    @Test
    void concurrentCallsGiveTheSequentialResults() throws Exception {
        List<String> sentences = new SentenceGenerator(11).sentences(24, 30);
        float[][] sequential = encoder.embed(sentences);
        List<Thread> threads = new ArrayList<>();
        float[][][] results = new float[4][][];
        Throwable[] failures = new Throwable[4];
        for (int w = 0; w < 4; w++) {
            int worker = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    float[][] out = new float[sentences.size()][];
                    for (int i = 0; i < sentences.size(); i++) {
                        out[i] = encoder.embed(sentences.get((i + worker) % sentences.size()));
                    }
                    results[worker] = out;
                } catch (Throwable t) {
                    failures[worker] = t;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int w = 0; w < 4; w++) {
            assertEquals(null, failures[w]);
            for (int i = 0; i < sentences.size(); i++) {
                float[] expected = sequential[(i + w) % sentences.size()];
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[j], results[w][i][j], 1e-5f);
                }
            }
        }
    }

    private static float[] meanPoolNormalise(float[][] hidden, int len) {
        float[] v = new float[hidden[0].length];
        for (int t = 0; t < len; t++) {
            for (int j = 0; j < v.length; j++) {
                v[j] += hidden[t][j];
            }
        }
        for (int j = 0; j < v.length; j++) {
            v[j] /= len;
        }
        Pooling.normalize(v);
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
