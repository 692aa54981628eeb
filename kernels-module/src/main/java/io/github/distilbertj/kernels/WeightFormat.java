package io.github.distilbertj.kernels;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a {@link PackedWeights} stores its values. Activations and accumulation are fp32 in every format; only the
 * bytes streamed from memory per weight change.
 */
public enum WeightFormat {
    /** 4 bytes per weight, exact. */
    F32(4),
    /** 2 bytes: the top half of the fp32 (round to nearest even); 8 mantissa bits, fp32 range. */
    BF16(2),
    /** 1 byte: symmetric per output feature, {@code w ~= scale[j] * q}, q in [-127, 127], scale = max|w[j]| / 127. */
    INT8(1);

    private final int bytesPerWeight;

    WeightFormat(int bytesPerWeight) {
        this.bytesPerWeight = bytesPerWeight;
    }

    public int bytesPerWeight() {
        return bytesPerWeight;
    }

    /** Lower-case name as used in configuration ({@code f32}, {@code bf16}, {@code int8}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration value (case-insensitive). {@code option} names the setting in the error message,
     * e.g. {@code distilbertj.weights}.
     */
    public static WeightFormat parse(String option, String value) {
        if (value != null) {
            for (WeightFormat f : values()) {
                if (f.id().equalsIgnoreCase(value.trim())) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + accepted() + ", got '" + value + "'");
    }

    /** The accepted configuration values, e.g. {@code f32|bf16|int8}. */
    public static String accepted() {
        return Arrays.stream(values()).map(WeightFormat::id).collect(Collectors.joining("|"));
    }
}
