package io.github.distilbertj.model;

import io.github.distilbertj.kernels.KernelTuner;

import io.github.distilbertj.kernels.WeightFormat;
import java.util.Objects;

/**
 * How an {@link Encoder} is loaded.
 *
 * @param threads kernel threads, >= 1 (1 = the calling thread only)
 * @param tuning  how the kernels' blocking and threading parameters are chosen: measured once per machine and
 *                cached ({@code AUTO}), measured again ({@code RETUNE}) or the built-in defaults ({@code OFF});
 *                results do not depend on it
 * @param weights the storage format of every Linear weight, converted once at load (activations and accumulation
 *                stay fp32): {@code F32} exact, {@code BF16} half the bytes, {@code INT8} symmetric per output
 *                feature, a quarter of the bytes. A BF16 safetensors checkpoint loaded as BF16 is packed from its
 *                16-bit values directly. An ONNX dynamic-int8 export ({@code -q} catalogue models) keeps its int8
 *                levels and scales exactly in {@code INT8}; {@code F32} holds {@code scale * q} exactly.
 * @param activations how every Linear's input is represented: {@code F32} (the default: weight-only quantization,
 *                also for a {@code -q} export, which is then closer to the fp32 model and ~10% faster than computing
 *                its graph), {@code MODEL} quantizes it per call to uint8 when the model file says so (an ONNX
 *                dynamic-int8 export: what ONNX Runtime computes on it), {@code U8} always
 */
public record LoadOptions(int threads, WeightFormat weights, KernelTuner.Mode tuning, Activations activations) {

    /** The configuration property the services use for {@link #weights}. */
    public static final String WEIGHTS_PROPERTY = "distilbertj.weights";

    /** The configuration property for {@link #activations}. */
    public static final String ACTIVATIONS_PROPERTY = "distilbertj.activations";

    public LoadOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(activations, "activations");
    }

    /** fp32 activations ({@link Activations#F32}). */
    public LoadOptions(int threads, WeightFormat weights, KernelTuner.Mode tuning) {
        this(threads, weights, tuning, Activations.F32);
    }

    /** With the tuning mode of the environment ({@code -Ddistilbertj.tuning} or {@code DISTILBERTJ_TUNING}, else auto). */
    public LoadOptions(int threads, WeightFormat weights) {
        this(threads, weights, KernelTuner.Mode.fromEnvironment());
    }

    /** All available processors, F32 weights. */
    public static LoadOptions defaults() {
        return new LoadOptions(Runtime.getRuntime().availableProcessors(), WeightFormat.F32);
    }

    public LoadOptions withThreads(int threads) {
        return new LoadOptions(threads, weights, tuning, activations);
    }

    public LoadOptions withWeights(WeightFormat weights) {
        return new LoadOptions(threads, weights, tuning, activations);
    }

    public LoadOptions withTuning(KernelTuner.Mode tuning) {
        return new LoadOptions(threads, weights, tuning, activations);
    }

    public LoadOptions withActivations(Activations activations) {
        return new LoadOptions(threads, weights, tuning, activations);
    }

    /** Parses {@code model|f32|u8} (case-insensitive); anything else fails naming {@value #ACTIVATIONS_PROPERTY}. */
    public static Activations parseActivations(String value) {
        return Activations.parse(ACTIVATIONS_PROPERTY, value);
    }

    /**
     * Parses a weight format name as configured ({@code f32|bf16|int8}, case-insensitive); anything else fails
     * with an {@link IllegalArgumentException} naming {@value #WEIGHTS_PROPERTY} and the accepted values.
     */
    public static WeightFormat parseWeights(String value) {
        return WeightFormat.parse(WEIGHTS_PROPERTY, value);
    }
}
