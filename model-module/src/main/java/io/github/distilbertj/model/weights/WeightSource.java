package io.github.distilbertj.model.weights;

import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.ModelFormatException;

import java.util.Set;

/**
 * Where tensors come from: a safetensors file or an ONNX graph's initializers. Names and shapes
 * are PyTorch's (a Linear weight is [out, in]) whatever the storage layout.
 */
public interface WeightSource {

    /** Names the file in error messages. */
    String description();

    Set<String> names();

    /** PyTorch shape of {@code name}, or null when absent. */
    long[] shape(String name);

    /** The tensor as fp32 in PyTorch layout. */
    float[] floats(String name) throws ModelFormatException;

    /** A Linear weight of PyTorch shape [out, in], packed for the GEMM kernel in {@code format}. */
    PackedWeights linear(String name, int out, int in, WeightFormat format) throws ModelFormatException;

    /** A Linear weight of PyTorch shape [out, in] in F32. */
    default PackedWeights linear(String name, int out, int in) throws ModelFormatException {
        return linear(name, out, in, WeightFormat.F32);
    }

    /**
     * Whether the model, as exported, quantizes the input of every Linear per call to uint8 (an ONNX
     * dynamic-int8 export's DynamicQuantizeLinear); the encoder can reproduce that ({@code LoadOptions}).
     */
    default boolean dynamicInt8Activations() {
        return false;
    }

    /** A [rows, cols] lookup table. */
    EmbeddingTable embedding(String name, int rows, int cols) throws ModelFormatException;
}
