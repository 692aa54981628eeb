package io.github.distilbertj.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the input of every Linear is represented (see {@link LoadOptions#activations()}). */
public enum Activations {
    /**
     * As the model file says: quantized per call ({@link #U8}) when the model is an ONNX dynamic-int8 export whose
     * graph quantizes them (DynamicQuantizeLinear), fp32 otherwise.
     */
    MODEL,
    /** fp32 (weight-only quantization when the weights are BF16 or INT8); the default. */
    F32,
    /**
     * Quantized per call and per sequence to uint8 with ONNX Runtime's DynamicQuantizeLinear arithmetic before
     * every Linear, as a dynamic-int8 ONNX export computes them; the GEMM then matches MatMulInteger up to fp32
     * rounding of the sum.
     */
    U8;

    /** The configuration spelling ({@code model}, {@code f32}, {@code u8}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code value} (case-insensitive); anything else fails naming {@code option} and the accepted values. */
    public static Activations parse(String option, String value) {
        if (value != null) {
            for (Activations a : values()) {
                if (a.id().equalsIgnoreCase(value.trim())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException(option + " must be one of "
                + Arrays.stream(values()).map(Activations::id).collect(Collectors.joining("|")) + ", got '" + value + "'");
    }
}
