package io.github.distilbertj.model;

import io.github.distilbertj.model.weights.DType;
import io.github.distilbertj.model.weights.SafeTensorsWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Small random-weight checkpoints written at test time, for tests that need a head the fixtures lack
 * (a one-label cross-encoder for re-ranking). Shapes: dim 32, 2 layers, 4 heads, FFN 64, 128 positions,
 * the bert-base-uncased vocabulary; weights N(0, 0.2) from a fixed seed, so runs are reproducible.
 */
public final class RandomModels {
    private RandomModels() {
    }

    /**
     * A DistilBertForSequenceClassification folder (config.json, model.safetensors, vocab.txt) with
     * {@code labels} labels (one = a cross-encoder, as TEI's /rerank expects).
     */
    public static Path distilBertClassifier(Path folder, int labels, long seed) throws IOException {
        Files.createDirectories(folder);
        int vocab = 30522;
        int dim = 32;
        int hidden = 64;
        int positions = 128;
        SplittableRandom random = new SplittableRandom(seed);
        SafeTensorsWriter w = new SafeTensorsWriter();
        String p = "distilbert.";
        w.add(p + "embeddings.word_embeddings.weight", DType.F32, normal(random, vocab * dim), vocab, dim);
        w.add(p + "embeddings.position_embeddings.weight", DType.F32, normal(random, positions * dim), positions, dim);
        w.add(p + "embeddings.LayerNorm.weight", DType.F32, ones(dim), dim);
        w.add(p + "embeddings.LayerNorm.bias", DType.F32, normal(random, dim), dim);
        for (int l = 0; l < 2; l++) {
            String layer = p + "transformer.layer." + l + ".";
            for (String lin : new String[] {"q_lin", "k_lin", "v_lin", "out_lin"}) {
                w.add(layer + "attention." + lin + ".weight", DType.F32, normal(random, dim * dim), dim, dim);
                w.add(layer + "attention." + lin + ".bias", DType.F32, normal(random, dim), dim);
            }
            w.add(layer + "sa_layer_norm.weight", DType.F32, ones(dim), dim);
            w.add(layer + "sa_layer_norm.bias", DType.F32, normal(random, dim), dim);
            w.add(layer + "ffn.lin1.weight", DType.F32, normal(random, hidden * dim), hidden, dim);
            w.add(layer + "ffn.lin1.bias", DType.F32, normal(random, hidden), hidden);
            w.add(layer + "ffn.lin2.weight", DType.F32, normal(random, dim * hidden), dim, hidden);
            w.add(layer + "ffn.lin2.bias", DType.F32, normal(random, dim), dim);
            w.add(layer + "output_layer_norm.weight", DType.F32, ones(dim), dim);
            w.add(layer + "output_layer_norm.bias", DType.F32, normal(random, dim), dim);
        }
        w.add("pre_classifier.weight", DType.F32, normal(random, dim * dim), dim, dim);
        w.add("pre_classifier.bias", DType.F32, normal(random, dim), dim);
        w.add("classifier.weight", DType.F32, normal(random, labels * dim), labels, dim);
        w.add("classifier.bias", DType.F32, normal(random, labels), labels);
        w.write(folder.resolve("model.safetensors"));
        StringBuilder id2label = new StringBuilder();
        for (int i = 0; i < labels; i++) {
            id2label.append(i > 0 ? ", " : "").append('"').append(i).append("\": \"LABEL_").append(i).append('"');
        }
        Files.writeString(folder.resolve("config.json"), """
                {"model_type": "distilbert", "architectures": ["DistilBertForSequenceClassification"],
                 "vocab_size": %d, "dim": %d, "n_layers": 2, "n_heads": 4, "hidden_dim": %d,
                 "max_position_embeddings": %d, "activation": "gelu", "pad_token_id": 0,
                 "id2label": {%s}}
                """.formatted(vocab, dim, hidden, positions, id2label));
        try (InputStream in = RandomModels.class.getResourceAsStream("/fixtures/distilbert-tiny/vocab.txt")) {
            if (in == null) {
                throw new IllegalStateException("fixtures/distilbert-tiny/vocab.txt is missing from the test class path");
            }
            Files.copy(in, folder.resolve("vocab.txt"));
        }
        return folder;
    }

    private static float[] normal(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u = 1 - random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u)) * 0.2;
            double t = 2 * Math.PI * random.nextDouble();
            v[i] = (float) (r * Math.cos(t));
            if (i + 1 < n) {
                v[i + 1] = (float) (r * Math.sin(t));
            }
        }
        return v;
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }
}
