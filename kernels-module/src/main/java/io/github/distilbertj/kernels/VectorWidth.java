package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species every kernel uses, chosen once per JVM.
 *
 * <p>The species lives in a {@code static final} field because C2 only intrinsifies Vector API calls whose
 * species is a compile-time constant (a non-final species ran ~70x slower on this machine). The system
 * property {@value #PROPERTY} (128, 256 or 512) narrows it below {@link FloatVector#SPECIES_PREFERRED}, so
 * the 256- and 128-bit code paths can be exercised on an AVX-512 host.
 */
final class VectorWidth {
    /** System property that selects the vector width in bits. */
    static final String PROPERTY = "distilbertj.vector.bits";

    static final VectorSpecies<Float> SPECIES = select(System.getProperty(PROPERTY));
    static final int LANES = SPECIES.length();

    static {
        System.getLogger("io.github.distilbertj.kernels").log(System.Logger.Level.INFO,
                "DistilBERT-J kernels use {0} ({1} floats per vector, preferred {2} bits{3})",
                SPECIES, LANES, FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                System.getProperty(PROPERTY) == null ? "" : ", -D" + PROPERTY + "=" + System.getProperty(PROPERTY));
    }

    private VectorWidth() {
    }

    static VectorSpecies<Float> select(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank()) {
            return preferred;
        }
        int b;
        try {
            b = Integer.parseInt(bits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be 128, 256 or 512, got '" + bits + "'", e);
        }
        if (b != 128 && b != 256 && b != 512) {
            throw new IllegalArgumentException(PROPERTY + " must be 128, 256 or 512, got " + b);
        }
        if (b > preferred.vectorBitSize()) {
            throw new IllegalArgumentException(PROPERTY + "=" + b + " exceeds this CPU's preferred width of "
                    + preferred.vectorBitSize() + " bits");
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(b));
    }
}
