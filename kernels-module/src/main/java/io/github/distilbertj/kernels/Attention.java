package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Multi-head scaled-dot-product attention over a padded batch, one task per (sequence, head).
 *
 * <p>Q, K and V are read through their row stride (a fused QKV buffer works as is); no transposed tensor is
 * materialised: each task packs only its own head's keys and values into small per-thread scratch blocks
 * that the register-blocked kernels of {@link AttentionKernels} stream from L1.
 */
public final class Attention {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();

    private Attention() {
    }

    /**
     * Multi-head scaled-dot-product attention for a padded batch.
     * Token t of sequence b is row (b*seq + t). Head h occupies columns [h*headDim, (h+1)*headDim)
     * of that row. q, k, v each have their own offset and share row stride ld (so one fused QKV
     * buffer [tokens, 3*hidden] works: kOff = qOff + hidden, vOff = qOff + 2*hidden, ld = 3*hidden).
     * mask[b*seq + t] != 0 means key position t of sequence b may be attended to (padding = 0).
     * scores = q.k * scale; masked keys excluded; softmax max-subtracted; a fully masked row gives
     * a uniform average over all keys (what PyTorch's masked_fill(finfo.min) + softmax gives).
     * out: row (b*seq+t), head h at out[outOff + row*ldOut + h*headDim ...]. Parallel over batch x heads.
     * A null mask attends to every key.
     */
    public static void compute(KernelPool pool,
                               float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int ld,
                               int batch, int seq, int heads, int headDim, float scale, int[] mask,
                               float[] out, int outOff, int ldOut) {
        Checks.pool(pool);
        Checks.positive("batch", batch);
        Checks.positive("seq", seq);
        Checks.positive("heads", heads);
        Checks.positive("headDim", headDim);
        long rowsL = (long) batch * seq;
        long width = (long) heads * headDim;
        if (rowsL > Integer.MAX_VALUE || width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch*seq or heads*headDim overflows int");
        }
        int rows = (int) rowsL;
        Checks.leadingDim("ld", ld, (int) width);
        Checks.leadingDim("ldOut", ldOut, (int) width);
        Checks.matrix("q", q, qOff, ld, rows, (int) width);
        Checks.matrix("k", k, kOff, ld, rows, (int) width);
        Checks.matrix("v", v, vOff, ld, rows, (int) width);
        Checks.matrix("out", out, outOff, ldOut, rows, (int) width);
        if (mask != null && mask.length < rows) {
            throw new IllegalArgumentException("mask is too short: needs batch*seq = " + rows + " entries, has "
                    + mask.length);
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
        int[] starts = new int[batch + 1];
        for (int b = 0; b <= batch; b++) {
            starts[b] = b * seq;
        }
        run(pool, q, qOff, k, kOff, v, vOff, ld, starts, batch, heads, headDim, scale, mask, out, outOff, ldOut);
    }

    /**
     * Multi-head attention over a variable-length batch, no padding: sequence b is token rows
     * [starts[b], starts[b+1]) (starts non-decreasing, starts[0] = 0 is not required) and attends only to its
     * own keys. Layout of q, k, v, out and the meaning of mask (indexed by token row) are those of
     * {@link #compute}. One task per (sequence, head), the longest sequences first, since a task's cost grows
     * with the square of its length and the dynamic scheduler balances best when the big tasks start early.
     */
    public static void computeVarlen(KernelPool pool,
                                     float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int ld,
                                     int[] starts, int sequences, int heads, int headDim, float scale, int[] mask,
                                     float[] out, int outOff, int ldOut) {
        Checks.pool(pool);
        Checks.positive("sequences", sequences);
        Checks.positive("heads", heads);
        Checks.positive("headDim", headDim);
        if (starts == null || starts.length < sequences + 1) {
            throw new IllegalArgumentException("starts must hold sequences + 1 = " + (sequences + 1) + " offsets");
        }
        for (int b = 0; b < sequences; b++) {
            if (starts[b] < 0 || starts[b + 1] <= starts[b]) {
                throw new IllegalArgumentException("sequence " + b + " is empty or starts are not increasing: ["
                        + starts[b] + ", " + starts[b + 1] + ")");
            }
        }
        long width = (long) heads * headDim;
        if (width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("heads*headDim overflows int");
        }
        int rows = starts[sequences];
        Checks.leadingDim("ld", ld, (int) width);
        Checks.leadingDim("ldOut", ldOut, (int) width);
        Checks.matrix("q", q, qOff, ld, rows, (int) width);
        Checks.matrix("k", k, kOff, ld, rows, (int) width);
        Checks.matrix("v", v, vOff, ld, rows, (int) width);
        Checks.matrix("out", out, outOff, ldOut, rows, (int) width);
        if (mask != null && mask.length < rows) {
            throw new IllegalArgumentException("mask is too short: needs " + rows + " entries, has " + mask.length);
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
        run(pool, q, qOff, k, kOff, v, vOff, ld, starts, sequences, heads, headDim, scale, mask, out, outOff, ldOut);
    }

    private static void run(KernelPool pool, float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int ld,
                            int[] starts, int sequences, int heads, int headDim, float scale, int[] mask,
                            float[] out, int outOff, int ldOut) {
        int[] order = longestFirst(starts, sequences);
        pool.parallelFor(sequences * heads, task -> {
            int b = order[task / heads];
            int h = task % heads;
            int col = h * headDim;
            int s0 = starts[b];
            int len = starts[b + 1] - s0;
            head(q, qOff + s0 * ld + col, k, kOff + s0 * ld + col, v, vOff + s0 * ld + col, ld,
                    len, headDim, scale, mask, s0, out, outOff + s0 * ldOut + col, ldOut);
        });
    }

    private static int[] longestFirst(int[] starts, int sequences) {
        Integer[] idx = new Integer[sequences];
        for (int b = 0; b < sequences; b++) {
            idx[b] = b;
        }
        java.util.Arrays.sort(idx, (x, y) -> Integer.compare(starts[y + 1] - starts[y], starts[x + 1] - starts[x]));
        int[] order = new int[sequences];
        for (int b = 0; b < sequences; b++) {
            order[b] = idx[b];
        }
        return order;
    }

    /**
     * One (sequence, head): query/key/value row t of this head starts at xOff + t*ld.
     *
     * <p>The head's keys are packed dimension-major (kt[dd][j], the panel layout the score kernel
     * vectorises over keys) and its values copied into contiguous rows: a few KiB of L1-resident scratch
     * per task, instead of reading rows 3*hidden floats apart, which map onto a handful of L1 sets. Keys
     * after the last unmasked one (right padding) are skipped entirely.
     */
    static void head(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int ld,
                     int seq, int headDim, float scale, int[] mask, int maskOff,
                     float[] out, int outOff, int ldOut) {
        int qr = AttentionKernels.QR;
        int qk = AttentionKernels.QK;
        int pr = AttentionKernels.PR;
        int seqP = roundUp(seq, qk);
        int dP = roundUp(headDim, L);
        Scratch sc = Scratch.get(seqP * headDim, seq * dP, roundUp(seq, qr) * seqP, pr * dP);
        float[] kt = sc.kt;
        float[] vs = sc.vs;
        float[] s = sc.s;
        float[] o = sc.o;

        int keys = seq;
        if (mask != null) {
            int last = -1;
            for (int j = 0; j < seq; j++) {
                if (mask[maskOff + j] != 0) {
                    last = j;
                }
            }
            keys = last < 0 ? seq : last + 1; // fully masked: uniform over all keys
        }
        int keysP = roundUp(keys, qk);
        for (int j = 0; j < keys; j++) {
            int ki = kOff + j * ld;
            int vi = vOff + j * ld;
            for (int dd = 0; dd < headDim; dd++) {
                kt[dd * seqP + j] = k[ki + dd];
            }
            System.arraycopy(v, vi, vs, j * dP, headDim);
            for (int dd = headDim; dd < dP; dd++) {
                vs[j * dP + dd] = 0f;
            }
        }
        for (int dd = 0; dd < headDim; dd++) {
            java.util.Arrays.fill(kt, dd * seqP + keys, dd * seqP + keysP, 0f);
        }

        int lastRow = seq - 1;
        for (int i0 = 0; i0 < seq; i0 += qr) {
            // Rows past the end repeat the last query; their scores land in padding rows of s.
            int q0 = qOff + Math.min(i0, lastRow) * ld;
            int q1 = qOff + Math.min(i0 + 1, lastRow) * ld;
            int q2 = qOff + Math.min(i0 + 2, lastRow) * ld;
            int q3 = qOff + Math.min(i0 + 3, lastRow) * ld;
            int q4 = qOff + Math.min(i0 + 4, lastRow) * ld;
            int q5 = qOff + Math.min(i0 + 5, lastRow) * ld;
            int q6 = qOff + Math.min(i0 + 6, lastRow) * ld;
            int q7 = qOff + Math.min(i0 + 7, lastRow) * ld;
            for (int j0 = 0; j0 < keysP; j0 += qk) {
                AttentionKernels.scores(q, q0, q1, q2, q3, q4, q5, q6, q7, headDim, kt, j0, seqP, scale,
                        s, i0 * seqP + j0);
            }
        }
        for (int t = 0; t < seq; t++) {
            // Scores past keysP were not computed; they are masked, so softmax never reads them as logits.
            Softmax.softmax(s, t * seqP, seq, mask, maskOff);
        }
        for (int i0 = 0; i0 < seq; i0 += pr) {
            int s0 = Math.min(i0, lastRow) * seqP;
            int s1 = Math.min(i0 + 1, lastRow) * seqP;
            int s2 = Math.min(i0 + 2, lastRow) * seqP;
            int s3 = Math.min(i0 + 3, lastRow) * seqP;
            int d0 = 0;
            for (; d0 + 4 * L <= dP; d0 += 4 * L) {
                AttentionKernels.weighted4(s, s0, s1, s2, s3, keys, vs, d0, dP, o, d0);
            }
            for (; d0 < dP; d0 += L) {
                AttentionKernels.weighted1(s, s0, s1, s2, s3, keys, vs, d0, dP, o, d0);
            }
            int rows = Math.min(pr, seq - i0);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(o, r * dP, out, outOff + (i0 + r) * ldOut, headDim);
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Per-thread scratch of one head task, grown on demand and reused. */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        float[] kt = new float[0];
        float[] vs = new float[0];
        float[] s = new float[0];
        float[] o = new float[0];

        static Scratch get(int ktSize, int vsSize, int sSize, int oSize) {
            Scratch sc = LOCAL.get();
            if (sc.kt.length < ktSize) {
                sc.kt = new float[ktSize];
            }
            if (sc.vs.length < vsSize) {
                sc.vs = new float[vsSize];
            }
            if (sc.s.length < sSize) {
                sc.s = new float[sSize];
            }
            if (sc.o.length < oSize) {
                sc.o = new float[oSize];
            }
            return sc;
        }
    }
}
