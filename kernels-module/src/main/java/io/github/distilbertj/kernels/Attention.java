package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Multi-head scaled-dot-product attention, flash-style: one task per (query block, head), keys walked in blocks
 * with an online softmax, so no seq x seq score matrix exists.
 *
 * <p>Q, K and V are read through their row stride (a fused QKV buffer works as is); no transposed tensor is
 * materialised: each task packs only its own query block into small per-thread scratch, and the register-blocked
 * kernels of {@link AttentionKernels} read key and value rows where they are.
 */
public final class Attention {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();
    /**
     * Keys per block of the online softmax (-Ddistilbertj.attention.key-block, a multiple of 4): at 64 the block's
     * transposed scores (64 keys x 64 queries) and value rows (64 x 64) are 16 KiB each. 32 and 128 measured no
     * better (see the module README).
     */
    static final int KEY_BLOCK = Math.max(4, Integer.getInteger("distilbertj.attention.key-block", 64) / 4 * 4);

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
     * out: row (b*seq+t), head h at out[outOff + row*ldOut + h*headDim ...]. Parallel over query blocks x heads.
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
        if ((long) batch * seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch*seq overflows int");
        }
        int[] starts = new int[batch + 1];
        for (int b = 0; b <= batch; b++) {
            starts[b] = b * seq;
        }
        // A padded batch is a variable-length batch whose sequences all have length seq.
        computeVarlen(pool, q, qOff, k, kOff, v, vOff, ld, starts, batch, heads, headDim, scale, mask, out, outOff, ldOut);
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
        // Tasks are (query block, head) pairs, longest sequences first: one 512-token sequence is 8 x 12 tasks,
        // so two threads balance even when a batch holds a single long text.
        int qb = AttentionKernels.QB;
        int blocks = 0;
        for (int b = 0; b < sequences; b++) {
            blocks += (starts[b + 1] - starts[b] + qb - 1) / qb;
        }
        int[] blockSeq = new int[blocks];
        int[] blockRow = new int[blocks];
        int n = 0;
        for (int idx = 0; idx < sequences; idx++) {
            int b = order[idx];
            for (int r = 0; r < starts[b + 1] - starts[b]; r += qb) {
                blockSeq[n] = b;
                blockRow[n] = r;
                n++;
            }
        }
        pool.parallelFor(blocks * heads, task -> {
            int blk = task / heads;
            int h = task % heads;
            int b = blockSeq[blk];
            int col = h * headDim;
            int s0 = starts[b];
            int len = starts[b + 1] - s0;
            head(q, qOff + s0 * ld + col, k, kOff + s0 * ld + col, v, vOff + s0 * ld + col, ld,
                    len, blockRow[blk], Math.min(qb, len - blockRow[blk]), headDim, scale, mask, s0,
                    out, outOff + s0 * ldOut + col, ldOut);
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
     * Query rows [row0, row0 + rows) of one (sequence, head), rows <= {@link AttentionKernels#QB}: query/key/value
     * row t of this head starts at xOff + t*ld.
     *
     * <p>Flash-attention order: the key rows are walked in blocks of {@link #KEY_BLOCK}; per block the scores of
     * the whole query block are computed (transposed: keys x queries, so a key row is read as it is and never
     * transposed), turned into probabilities against a running per-query max, and accumulated into the output
     * block, which is rescaled whenever the max grows. Only the query block is packed (dimension-major, scaled,
     * one vector gather per head dimension: cheaper than the scalar loop in a JMH A/B, see the module README).
     * Value rows are read in place when headDim is a multiple of the vector length (measured no slower than
     * copying them); otherwise a key block's values are copied into zero-padded rows. Keys after the last
     * unmasked one (right padding) are skipped entirely; masked keys inside get a -inf score bias.
     */
    static void head(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int ld,
                     int seq, int row0, int rows, int headDim, float scale, int[] mask, int maskOff,
                     float[] out, int outOff, int ldOut) {
        int qb = AttentionKernels.QB;
        int kr = AttentionKernels.KR;
        int pr = AttentionKernels.PR;
        int keys = seq;
        if (mask != null) {
            int last = -1;
            for (int j = 0; j < seq; j++) {
                if (mask[maskOff + j] != 0) {
                    last = j;
                }
            }
            if (last < 0) {
                uniform(v, vOff, ld, seq, row0, rows, headDim, out, outOff, ldOut);
                return;
            }
            keys = last + 1;
        }
        int keysP = roundUp(keys, kr);
        int dP = roundUp(headDim, L);
        int qVecs = (rows + L - 1) / L;
        int rowsP = qVecs * L;
        Scratch sc = Scratch.get(headDim * qb, KEY_BLOCK * qb, KEY_BLOCK * dP, qb * dP, keysP);
        float[] qt = sc.qt;
        float[] st = sc.st;
        float[] vs = sc.vs;
        float[] o = sc.o;
        float[] bias = sc.bias;
        float[] m = sc.m;
        float[] l = sc.l;
        float[] alpha = sc.alpha;
        float[] mx = sc.mx;

        // One gather per head dimension and query vector; rows past the end repeat the last query.
        int[] rowAt = sc.rowAt;
        for (int i = 0; i < rowsP; i++) {
            rowAt[i] = Math.min(i, rows - 1) * ld;
        }
        int q0 = qOff + row0 * ld;
        for (int dd = 0; dd < headDim; dd++) {
            for (int c = 0; c < rowsP; c += L) {
                FloatVector.fromArray(S, q, q0 + dd, rowAt, c).mul(scale).intoArray(qt, dd * qb + c);
            }
        }
        for (int j = 0; j < keys; j++) {
            bias[j] = mask == null || mask[maskOff + j] != 0 ? 0f : Float.NEGATIVE_INFINITY;
        }
        java.util.Arrays.fill(bias, keys, keysP, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(m, 0, qb, -Float.MAX_VALUE);
        java.util.Arrays.fill(l, 0, qb, 0f);
        java.util.Arrays.fill(mx, 0, qb, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(o, 0, rowsP * dP, 0f);

        int lastKey = keys - 1;
        for (int j0 = 0; j0 < keysP; j0 += KEY_BLOCK) {
            int bk = Math.min(KEY_BLOCK, keysP - j0);
            for (int jj = 0; jj < bk; jj += kr) {
                // Key rows past the end repeat the last key; their -inf bias makes them weigh 0.
                int j = j0 + jj;
                int k0 = kOff + Math.min(j, lastKey) * ld;
                int k1 = kOff + Math.min(j + 1, lastKey) * ld;
                int k2 = kOff + Math.min(j + 2, lastKey) * ld;
                int k3 = kOff + Math.min(j + 3, lastKey) * ld;
                if (qVecs == 4) {
                    AttentionKernels.scores4(k, k0, k1, k2, k3, headDim, qt, bias, j, st, jj * qb, mx);
                } else if (qVecs == 3) {
                    AttentionKernels.scores3(k, k0, k1, k2, k3, headDim, qt, bias, j, st, jj * qb, mx);
                } else if (qVecs == 2) {
                    AttentionKernels.scores2(k, k0, k1, k2, k3, headDim, qt, bias, j, st, jj * qb, mx);
                } else {
                    AttentionKernels.scores1(k, k0, k1, k2, k3, headDim, qt, bias, j, st, jj * qb, mx);
                }
            }
            int real = Math.min(bk, keys - j0);
            float[] vb = vs;
            int vbOff = 0;
            int vbLd = dP;
            if (dP == headDim && real == bk) {
                vb = v;
                vbOff = vOff + j0 * ld;
                vbLd = ld;
            } else {
                for (int jj = 0; jj < real; jj++) {
                    System.arraycopy(v, vOff + (j0 + jj) * ld, vs, jj * dP, headDim);
                }
                if (dP > headDim) {
                    for (int jj = 0; jj < real; jj++) {
                        java.util.Arrays.fill(vs, jj * dP + headDim, (jj + 1) * dP, 0f);
                    }
                }
                java.util.Arrays.fill(vs, real * dP, bk * dP, 0f);
            }
            for (int c = 0; c < rowsP; c += L) {
                AttentionKernels.softmaxStep(st, bk, c, m, l, alpha, mx);
            }
            if (dP == 2 * L && rowsP % 8 == 0) {
                for (int i = 0; i < rowsP; i += 8) {
                    AttentionKernels.weighted2(st, i, bk, vb, vbOff, vbLd, o, i * dP, dP, alpha);
                }
            } else {
                for (int i = 0; i < rowsP; i += pr) {
                    int c0 = 0;
                    for (; c0 + 4 * L <= dP; c0 += 4 * L) {
                        AttentionKernels.weighted4(st, i, bk, vb, vbOff + c0, vbLd, o, i * dP + c0, dP, alpha);
                    }
                    for (; c0 < dP; c0 += L) {
                        AttentionKernels.weighted1(st, i, bk, vb, vbOff + c0, vbLd, o, i * dP + c0, dP, alpha);
                    }
                }
            }
        }
        int full = S.loopBound(headDim);
        for (int i = 0; i < rows; i++) {
            float inv = 1f / l[i];
            int oi = outOff + (row0 + i) * ldOut;
            int c = 0;
            for (; c < full; c += L) {
                FloatVector.fromArray(S, o, i * dP + c).mul(inv).intoArray(out, oi + c);
            }
            if (c < headDim) {
                FloatVector.fromArray(S, o, i * dP + c).mul(inv).intoArray(out, oi + c, S.indexInRange(c, headDim));
            }
        }
    }

    /** A sequence with every key masked: each query gets the plain average of all values (as PyTorch does). */
    private static void uniform(float[] v, int vOff, int ld, int seq, int row0, int rows, int headDim,
                                float[] out, int outOff, int ldOut) {
        double[] sum = new double[headDim];
        for (int j = 0; j < seq; j++) {
            for (int dd = 0; dd < headDim; dd++) {
                sum[dd] += v[vOff + j * ld + dd];
            }
        }
        for (int i = 0; i < rows; i++) {
            int oi = outOff + (row0 + i) * ldOut;
            for (int dd = 0; dd < headDim; dd++) {
                out[oi + dd] = (float) (sum[dd] / seq);
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Per-thread scratch of one task, grown on demand and reused. */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        float[] qt = new float[0];
        float[] st = new float[0];
        float[] vs = new float[0];
        float[] o = new float[0];
        float[] bias = new float[0];
        final int[] rowAt = new int[AttentionKernels.QB];
        final float[] m = new float[AttentionKernels.QB];
        final float[] l = new float[AttentionKernels.QB];
        final float[] alpha = new float[AttentionKernels.QB];
        final float[] mx = new float[AttentionKernels.QB];

        static Scratch get(int qtSize, int stSize, int vsSize, int oSize, int biasSize) {
            Scratch sc = LOCAL.get();
            if (sc.qt.length < qtSize) {
                sc.qt = new float[qtSize];
            }
            if (sc.st.length < stSize) {
                sc.st = new float[stSize];
            }
            if (sc.vs.length < vsSize) {
                sc.vs = new float[vsSize];
            }
            if (sc.o.length < oSize) {
                sc.o = new float[oSize];
            }
            if (sc.bias.length < biasSize) {
                sc.bias = new float[biasSize];
            }
            return sc;
        }
    }
}
