package io.github.distilbertj.model.weights;

import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.ModelType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A view of a {@link WeightSource} scoped at a checkpoint prefix, so each module loads its own
 * tensors by their local names ({@code q_lin.weight}) the way PyTorch's state_dict nests them.
 * The base model's tensors are looked up with and without the task-head prefix
 * ({@code distilbert.} / {@code bert.}), since base checkpoints omit it and task checkpoints
 * carry it. Every missing or mis-shaped tensor is reported by its full name.
 */
public final class Weights {
    private final WeightSource source;
    private final List<String> roots;
    private final String scope;

    private Weights(WeightSource source, List<String> roots, String scope) {
        this.source = source;
        this.roots = roots;
        this.scope = scope;
    }

    /** The base model of {@code type}: names with or without {@code distilbert.} / {@code bert.}. */
    public static Weights baseModel(WeightSource source, ModelType type) {
        return new Weights(source, List.of(type.checkpointPrefix(), ""), "");
    }

    /** Task heads, whose tensors sit at the root of the checkpoint. */
    public static Weights root(WeightSource source) {
        return new Weights(source, List.of(""), "");
    }

    public Weights at(String child) {
        return new Weights(source, roots, scope + child + ".");
    }

    public WeightSource source() {
        return source;
    }

    public boolean has(String name) {
        return resolve(name) != null;
    }

    private String resolve(String name) {
        for (String root : roots) {
            String full = root + scope + name;
            if (source.shape(full) != null) {
                return full;
            }
        }
        return null;
    }

    private String require(String name, long... expected) throws ModelFormatException {
        String full = resolve(name);
        if (full == null) {
            List<String> tried = new ArrayList<>();
            for (String root : roots) {
                tried.add("'" + root + scope + name + "'");
            }
            throw new ModelFormatException(source.description() + ": missing tensor " + String.join(" or ", tried)
                    + " (expected shape " + Arrays.toString(expected) + ")");
        }
        long[] actual = source.shape(full);
        if (!Arrays.equals(actual, expected)) {
            throw new ModelFormatException(source.description() + ": tensor '" + full + "' has shape "
                    + Arrays.toString(actual) + ", expected " + Arrays.toString(expected));
        }
        return full;
    }

    /** A rank-1 tensor (bias, LayerNorm gamma/beta) of length {@code len}. */
    public float[] vector(String name, int len) throws ModelFormatException {
        return source.floats(require(name, len));
    }

    /** A Linear weight of PyTorch shape [out, in]. */
    public PackedWeights linear(String name, int out, int in) throws ModelFormatException {
        return source.linear(require(name, out, in), out, in);
    }

    public EmbeddingTable embedding(String name, int rows, int cols) throws ModelFormatException {
        return source.embedding(require(name, rows, cols), rows, cols);
    }

    /** A [rows, cols] matrix as row-major fp32. */
    float[] matrix(String name, int rows, int cols) throws ModelFormatException {
        return source.floats(require(name, rows, cols));
    }
}
