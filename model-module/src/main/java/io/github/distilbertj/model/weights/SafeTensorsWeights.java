package io.github.distilbertj.model.weights;

import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.model.ModelFormatException;

import java.util.Set;

/** Weights of a memory-mapped model.safetensors (PyTorch layout: Linear weights are [out, in]). */
public final class SafeTensorsWeights implements WeightSource {
    private final SafeTensors file;

    public SafeTensorsWeights(SafeTensors file) {
        this.file = file;
    }

    @Override
    public String description() {
        return file.source();
    }

    @Override
    public Set<String> names() {
        return file.names();
    }

    @Override
    public long[] shape(String name) {
        TensorInfo t = file.info(name);
        return t == null ? null : t.shape();
    }

    @Override
    public float[] floats(String name) throws ModelFormatException {
        return file.floats(name);
    }

    @Override
    public PackedWeights linear(String name, int out, int in) throws ModelFormatException {
        // The fp32 copy only lives until it is packed.
        return PackedWeights.fromRowMajorNK(file.floats(name), 0, out, in);
    }

    @Override
    public EmbeddingTable embedding(String name, int rows, int cols) throws ModelFormatException {
        if (file.info(name).dtype() == DType.F32) {
            return EmbeddingTable.ofMapped(file.bytes(name), rows, cols);
        }
        return EmbeddingTable.ofArray(file.floats(name), rows, cols);
    }
}
