package io.github.distilbertj.kernels;

/**
 * A weight matrix W of logical shape [n, k] packed once into the micro-kernel's panel layout, in one of the
 * {@link WeightFormat}s. Immutable, thread-safe.
 *
 * <p>Layout: W is cut into column panels of {@link GemmKernel#NR} output features (NR = 3 vectors); inside a
 * panel, the reduction steps follow each other and each step holds its NR features contiguously, so the
 * micro-kernel streams a panel front to back and any k-block of it is one contiguous run. The last panel is
 * zero-padded to NR columns, so no kernel needs an n-tail inside the panel. Per format:
 * <ul>
 * <li>{@code F32}: float panel {@code jp} at {@code jp*k*NR}, step {@code p} at {@code + p*NR}.</li>
 * <li>{@code BF16}: int panel {@code jp} at {@code jp*ceil(k/2)*NR}; the int at {@code + (p/2)*NR + col} holds
 * steps p (low 16 bits) and p+1 (high 16 bits) of one feature, so one load widens to two fp32 vectors with a
 * shift and an AND (see {@link Bf16GemmKernel}).</li>
 * <li>{@code INT8}: byte panels at the fp32 offsets, plus one fp32 scale per output feature.</li>
 * </ul>
 *
 * <p>One class with a format rather than one class per format: the blocking, task split and tile loop in
 * {@link Sgemm} are the same for every format and only the call of the micro-kernel differs, so callers (and
 * the model code) keep one weight type, and the packer of each format lives next to the layout it must match.
 */
public final class PackedWeights {
    private static final int NRC = GemmKernel.NR;
    /**
     * Zero k-steps after the last panel. C2 widens the range checks of an unrolled kernel loop over the steps that
     * follow; at the last k-block of the last panel the widened check fails although no load is out of range. The
     * trap is recorded against Objects.checkIndex, through which every Vector API load goes, and every kernel
     * compiled after it loses the checkIndex intrinsic: BF16 ran 2x slower in a JVM where F32 had run first
     * (kernels README, *Mixed formats in one JVM*). RangeCheckTrapTest asserts that no kernel traps.
     */
    static final int SPECULATION_PAD_STEPS = 4;

    private final WeightFormat format;
    private final int n;
    private final int k;
    private final float[] panels;
    private final int[] bf16Pairs;
    private final byte[] int8Panels;
    private final float[] scales;

    private PackedWeights(WeightFormat format, int n, int k, float[] panels, int[] bf16Pairs, byte[] int8Panels,
                          float[] scales) {
        this.format = format;
        this.n = n;
        this.k = k;
        this.panels = panels;
        this.bf16Pairs = bf16Pairs;
        this.int8Panels = int8Panels;
        this.scales = scales;
    }

    /** w holds W row-major [n][k] starting at off (a PyTorch nn.Linear weight: [out, in]). */
    public static PackedWeights fromRowMajorNK(float[] w, int off, int n, int k) {
        return fromRowMajorNK(w, off, n, k, WeightFormat.F32);
    }

    /** As {@link #fromRowMajorNK(float[], int, int, int)}, converted to {@code format}. */
    public static PackedWeights fromRowMajorNK(float[] w, int off, int n, int k, WeightFormat format) {
        Checks.positive("n", n);
        Checks.positive("k", k);
        Checks.notNull("format", format);
        Checks.matrix("w", w, off, k, n, k);
        return pack(format, w, off, n, k, k, 1);
    }

    /** b holds B row-major [k][n] starting at off (an ONNX MatMul initializer: [in, out]); W = B^T. */
    public static PackedWeights fromRowMajorKN(float[] b, int off, int k, int n) {
        return fromRowMajorKN(b, off, k, n, WeightFormat.F32);
    }

    /** As {@link #fromRowMajorKN(float[], int, int, int)}, converted to {@code format}. */
    public static PackedWeights fromRowMajorKN(float[] b, int off, int k, int n, WeightFormat format) {
        Checks.positive("k", k);
        Checks.positive("n", n);
        Checks.notNull("format", format);
        Checks.matrix("b", b, off, n, k, n);
        return pack(format, b, off, n, k, 1, n);
    }

    /**
     * BF16 bit patterns (the raw 16-bit values of a BF16 checkpoint) row-major [n][k] at off, packed as BF16
     * without a detour through fp32 arrays.
     */
    public static PackedWeights fromBf16RowMajorNK(short[] w, int off, int n, int k) {
        Checks.positive("n", n);
        Checks.positive("k", k);
        checkShorts(w, off, (long) n * k);
        return packBf16(n, k, (j, p) -> w[off + j * k + p] & 0xFFFF);
    }

    /** BF16 bit patterns row-major [k][n] at off (an ONNX MatMul initializer), packed as BF16; W = B^T. */
    public static PackedWeights fromBf16RowMajorKN(short[] b, int off, int k, int n) {
        Checks.positive("k", k);
        Checks.positive("n", n);
        checkShorts(b, off, (long) n * k);
        return packBf16(n, k, (j, p) -> b[off + p * n + j] & 0xFFFF);
    }

    /**
     * Already quantized INT8 weights (e.g. from an int8 checkpoint after its zero points are removed):
     * W[j][p] = scale[j] * q[off + j*k + p]. Values must lie in [-127, 127] (-128 is rejected: the format is
     * symmetric); scales must be finite.
     */
    public static PackedWeights fromInt8RowMajorNK(byte[] q, int off, float[] scale, int n, int k) {
        Checks.positive("n", n);
        Checks.positive("k", k);
        Checks.notNull("q", q);
        Checks.nonNegative("q offset", off);
        if ((long) off + (long) n * k > q.length) {
            throw new IllegalArgumentException("q is too short: needs " + ((long) off + (long) n * k)
                    + " bytes for " + n + "x" + k + ", has " + q.length);
        }
        Checks.vector("scale", scale, 0, n);
        for (int j = 0; j < n; j++) {
            if (!Float.isFinite(scale[j])) {
                throw new IllegalArgumentException("scale[" + j + "] must be finite, got " + scale[j]);
            }
        }
        for (long i = off, end = off + (long) n * k; i < end; i++) {
            if (q[(int) i] == Byte.MIN_VALUE) {
                throw new IllegalArgumentException("q[" + i + "] is -128; symmetric INT8 weights lie in [-127, 127]");
            }
        }
        return packInt8(n, k, (j, p) -> q[off + j * k + p], scale);
    }

    /** Concatenates along n (e.g. Q, K, V weights into one [3h, k] matrix); all parts share k and format. */
    public static PackedWeights concatRows(PackedWeights... parts) {
        Checks.notNull("parts", parts);
        if (parts.length == 0) {
            throw new IllegalArgumentException("parts must not be empty");
        }
        int k = -1;
        long n = 0;
        WeightFormat format = null;
        for (int i = 0; i < parts.length; i++) {
            Checks.notNull("parts[" + i + "]", parts[i]);
            if (k >= 0 && parts[i].k != k) {
                throw new IllegalArgumentException("parts[" + i + "].k() is " + parts[i].k + " but parts[0].k() is " + k);
            }
            if (format != null && parts[i].format != format) {
                throw new IllegalArgumentException("parts[" + i + "].format() is " + parts[i].format
                        + " but parts[0].format() is " + format);
            }
            k = parts[i].k;
            format = parts[i].format;
            n += parts[i].n;
        }
        if (n * k > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("parts: concatenated matrix of " + n + "x" + k + " is too large");
        }
        int rows = (int) n;
        int kk = k;
        int[] partOf = new int[rows];
        int[] rowOf = new int[rows];
        for (int i = 0, r = 0; i < parts.length; i++) {
            for (int j = 0; j < parts[i].n; j++, r++) {
                partOf[r] = i;
                rowOf[r] = j;
            }
        }
        return switch (format) {
            case F32 -> {
                float[] all = new float[rows * kk];
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < kk; p++) {
                        all[r * kk + p] = parts[partOf[r]].get(rowOf[r], p);
                    }
                }
                yield pack(WeightFormat.F32, all, 0, rows, kk, kk, 1);
            }
            case BF16 -> packBf16(rows, kk, (j, p) -> parts[partOf[j]].bf16Bits(rowOf[j], p));
            case INT8 -> {
                float[] scale = new float[rows];
                for (int r = 0; r < rows; r++) {
                    scale[r] = parts[partOf[r]].scales[rowOf[r]];
                }
                yield packInt8(rows, kk, (j, p) -> parts[partOf[j]].int8Value(rowOf[j], p), scale);
            }
        };
    }

    /** This matrix in another format (converted from the stored values; a no-op for the same format). */
    public PackedWeights to(WeightFormat target) {
        Checks.notNull("target", target);
        if (target == format) {
            return this;
        }
        return pack(target, unpack(), 0, n, k, k, 1);
    }

    public WeightFormat format() {
        return format;
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    /** Bytes of packed storage (panels, padding and scales): the resident size of this matrix. */
    public long storageBytes() {
        return switch (format) {
            case F32 -> 4L * panels.length;
            case BF16 -> 4L * bf16Pairs.length;
            case INT8 -> int8Panels.length + 4L * scales.length;
        };
    }

    /** W[j][p] as the kernels see it (dequantized); for tests and diagnostics, not for hot paths. */
    public float get(int j, int p) {
        if (j < 0 || j >= n) {
            throw new IllegalArgumentException("j must be in [0, " + n + "), got " + j);
        }
        if (p < 0 || p >= k) {
            throw new IllegalArgumentException("p must be in [0, " + k + "), got " + p);
        }
        return switch (format) {
            case F32 -> panels[(j / NRC) * k * NRC + p * NRC + j % NRC];
            case BF16 -> Float.intBitsToFloat(bf16Bits(j, p) << 16);
            case INT8 -> scales[j] * int8Value(j, p);
        };
    }

    /** The INT8 scale of output feature j; for tests and diagnostics. */
    public float scale(int j) {
        if (format != WeightFormat.INT8) {
            throw new IllegalStateException("scale(j) is defined for INT8 weights, these are " + format);
        }
        if (j < 0 || j >= n) {
            throw new IllegalArgumentException("j must be in [0, " + n + "), got " + j);
        }
        return scales[j];
    }

    /** Number of NR-wide column panels. */
    int panelCount() {
        return (n + NRC - 1) / NRC;
    }

    /** The packed F32 panels; callers must not modify. */
    float[] panels() {
        return panels;
    }

    int[] bf16Pairs() {
        return bf16Pairs;
    }

    byte[] int8Panels() {
        return int8Panels;
    }

    float[] int8Scales() {
        return scales;
    }

    /** Converts an fp32 value to BF16 bits, rounding to nearest even; NaN stays a (quiet) NaN. */
    public static int toBf16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (bits >>> 16) | 0x40;
        }
        return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
    }

    private int bf16Bits(int j, int p) {
        int kp = (k + 1) / 2;
        int word = bf16Pairs[(j / NRC) * kp * NRC + (p >> 1) * NRC + j % NRC];
        return (p & 1) == 0 ? word & 0xFFFF : word >>> 16;
    }

    private int int8Value(int j, int p) {
        return int8Panels[(j / NRC) * k * NRC + p * NRC + j % NRC];
    }

    private float[] unpack() {
        float[] dst = new float[n * k];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                dst[j * k + p] = get(j, p);
            }
        }
        return dst;
    }

    private static void checkShorts(short[] w, int off, long count) {
        Checks.notNull("w", w);
        Checks.nonNegative("w offset", off);
        if (off + count > w.length) {
            throw new IllegalArgumentException("w is too short: needs " + (off + count) + " values, has " + w.length);
        }
    }

    private static long panelSize(int n, int k) {
        long size = (long) ((n + NRC - 1) / NRC) * k * NRC;
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("n x k = " + n + "x" + k + " is too large to pack");
        }
        return size;
    }

    /** Element (j, p) of W is at src[off + j*sj + p*sp]. */
    private static PackedWeights pack(WeightFormat format, float[] src, int off, int n, int k, int sj, int sp) {
        return switch (format) {
            case F32 -> packF32(src, off, n, k, sj, sp);
            case BF16 -> packBf16(n, k, (j, p) -> toBf16Bits(src[off + j * sj + p * sp]));
            case INT8 -> quantizeInt8(src, off, n, k, sj, sp);
        };
    }

    private static PackedWeights packF32(float[] src, int off, int n, int k, int sj, int sp) {
        int np = (n + NRC - 1) / NRC;
        float[] panels = new float[(int) panelSize(n, k) + SPECULATION_PAD_STEPS * NRC];
        for (int jp = 0; jp < np; jp++) {
            int base = jp * k * NRC;
            int cols = Math.min(NRC, n - jp * NRC);
            for (int jj = 0; jj < cols; jj++) {
                int j = jp * NRC + jj;
                int s = off + j * sj;
                for (int p = 0; p < k; p++) {
                    panels[base + p * NRC + jj] = src[s + p * sp];
                }
            }
        }
        return new PackedWeights(WeightFormat.F32, n, k, panels, null, null, null);
    }

    /** BF16 bits of W[j][p] (low 16 bits of the result). */
    private interface Bf16Source {
        int bits(int j, int p);
    }

    private static PackedWeights packBf16(int n, int k, Bf16Source src) {
        panelSize(n, k);
        int np = (n + NRC - 1) / NRC;
        int kp = (k + 1) / 2;
        int[] pairs = new int[np * kp * NRC + SPECULATION_PAD_STEPS / 2 * NRC];
        for (int jp = 0; jp < np; jp++) {
            int base = jp * kp * NRC;
            int cols = Math.min(NRC, n - jp * NRC);
            for (int jj = 0; jj < cols; jj++) {
                int j = jp * NRC + jj;
                for (int p = 0; p < k; p += 2) {
                    int lo = src.bits(j, p) & 0xFFFF;
                    int hi = p + 1 < k ? src.bits(j, p + 1) & 0xFFFF : 0;
                    pairs[base + (p >> 1) * NRC + jj] = lo | (hi << 16);
                }
            }
        }
        return new PackedWeights(WeightFormat.BF16, n, k, null, pairs, null, null);
    }

    /** INT8 value of W[j][p]. */
    private interface Int8Source {
        int value(int j, int p);
    }

    /** Symmetric per output feature: scale = max|W[j]| / 127, q = round(w / scale); an all-zero row gets scale 0. */
    private static PackedWeights quantizeInt8(float[] src, int off, int n, int k, int sj, int sp) {
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            float max = 0f;
            int s = off + j * sj;
            for (int p = 0; p < k; p++) {
                float v = src[s + p * sp];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("w[" + j + "][" + p + "] is " + v
                            + "; INT8 quantization needs finite weights");
                }
                max = Math.max(max, Math.abs(v));
            }
            scale[j] = max / 127f;
        }
        return packInt8(n, k, (j, p) -> {
            float sc = scale[j];
            if (sc == 0f) {
                return 0;
            }
            return Math.max(-127, Math.min(127, Math.round(src[off + j * sj + p * sp] / sc)));
        }, scale);
    }

    private static PackedWeights packInt8(int n, int k, Int8Source src, float[] scale) {
        int np = (n + NRC - 1) / NRC;
        byte[] q = new byte[(int) panelSize(n, k) + SPECULATION_PAD_STEPS * NRC + Int8GemmKernel.TAIL_PAD];
        float[] scales = new float[np * NRC];
        System.arraycopy(scale, 0, scales, 0, n);
        for (int jp = 0; jp < np; jp++) {
            int base = jp * k * NRC;
            int cols = Math.min(NRC, n - jp * NRC);
            for (int jj = 0; jj < cols; jj++) {
                int j = jp * NRC + jj;
                for (int p = 0; p < k; p++) {
                    q[base + p * NRC + jj] = (byte) src.value(j, p);
                }
            }
        }
        return new PackedWeights(WeightFormat.INT8, n, k, null, null, q, scales);
    }

    @Override
    public String toString() {
        return "PackedWeights[" + format + ", n=" + n + ", k=" + k + "]";
    }
}
