package io.github.distilbertj.model.bench;

import io.github.distilbertj.model.weights.DType;
import io.github.distilbertj.model.weights.SafeTensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A DistilBERT-base-shaped model folder with random weights: the fixtures helper's
 * benchmark/work/distilbert-base-random (which also has model.onnx for ONNX Runtime) when it
 * exists, else one generated here deterministically with the real distilbert-base-uncased names
 * and shapes (vocab 30522, dim 768, 6 layers, 12 heads, hidden 3072, 512 positions).
 */
final class BaseModelFolder {
    private BaseModelFolder() {
    }

    static Path locate() throws IOException {
        String configured = System.getProperty("distilbertj.base.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path candidate : new Path[] {Path.of("../benchmark/work/distilbert-base-random"),
                Path.of("benchmark/work/distilbert-base-random")}) {
            if (Files.isRegularFile(candidate.resolve("model.safetensors"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        Path generated = Path.of(System.getProperty("java.io.tmpdir"), "distilbertj-base-random");
        if (!Files.isRegularFile(generated.resolve("model.safetensors"))) {
            generate(generated);
        }
        return generated;
    }

    static void generate(Path folder) throws IOException {
        Files.createDirectories(folder);
        int vocab = 30522;
        int dim = 768;
        int hidden = 3072;
        SplittableRandom random = new SplittableRandom(1234);
        SafeTensorsWriter w = new SafeTensorsWriter();
        String p = "distilbert.";
        w.add(p + "embeddings.word_embeddings.weight", DType.F32, normal(random, vocab * dim), vocab, dim);
        w.add(p + "embeddings.position_embeddings.weight", DType.F32, normal(random, 512 * dim), 512, dim);
        w.add(p + "embeddings.LayerNorm.weight", DType.F32, ones(dim), dim);
        w.add(p + "embeddings.LayerNorm.bias", DType.F32, normal(random, dim), dim);
        for (int l = 0; l < 6; l++) {
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
        w.write(folder.resolve("model.safetensors"));
        Files.writeString(folder.resolve("config.json"), """
                {"model_type": "distilbert", "vocab_size": 30522, "dim": 768, "n_layers": 6, "n_heads": 12,
                 "hidden_dim": 3072, "max_position_embeddings": 512, "activation": "gelu", "pad_token_id": 0}
                """);
        try (var in = BaseModelFolder.class.getResourceAsStream("/fixtures/distilbert-tiny/vocab.txt")) {
            Files.copy(in, folder.resolve("vocab.txt"));
        }
    }

    private static float[] normal(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller, std 0.02 like Hugging Face's initializer_range.
            double u = 1 - random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u)) * 0.02;
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
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    /** Deterministic ids in [1000, 30000) for a batch x seq input (no padding). */
    static int[][] ids(int batch, int seq) {
        SplittableRandom random = new SplittableRandom(99);
        int[][] ids = new int[batch][seq];
        for (int[] row : ids) {
            for (int t = 0; t < seq; t++) {
                row[t] = 1000 + random.nextInt(29000);
            }
            row[0] = 101;
            row[seq - 1] = 102;
        }
        return ids;
    }
}
