package io.github.distilbertj.model.weights;

/** Element types of the safetensors format, by the names its header uses. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2),
    I64(8), I32(4), I16(2), I8(1),
    U64(8), U32(4), U16(2), U8(1),
    BOOL(1), F8_E4M3(1), F8_E5M2(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The floating-point types weights may be stored in; all are widened to fp32 at load. */
    public boolean isLoadableAsFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** Null when the header names a type this enum does not know. */
    static DType byName(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
