package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** Row-wise masked softmax (max-subtracted; fully masked row -> uniform). */
public final class Softmax {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(S.vectorBitSize()));
    private static final int L = S.length();

    private Softmax() {
    }

    /**
     * Softmax of x[off .. off+len) in place. Position i takes part iff mask == null or
     * mask[maskOff + i] != 0; the others become 0. If no position takes part, every position gets 1/len
     * (what masked_fill(finfo.min) + softmax gives in PyTorch).
     */
    public static void apply(float[] x, int off, int len, int[] mask, int maskOff) {
        Checks.nonNegative("len", len);
        Checks.vector("x", x, off, len);
        if (mask != null) {
            Checks.nonNegative("maskOff", maskOff);
            if ((long) maskOff + len > mask.length) {
                throw new IllegalArgumentException("mask is too short: needs " + ((long) maskOff + len)
                        + " entries, has " + mask.length);
            }
        }
        if (len > 0) {
            softmax(x, off, len, mask, maskOff);
        }
    }

    /**
     * Unchecked core, also used by {@link Attention}. The tail (len not a multiple of the vector length) runs
     * as one masked vector step: attention rows are short (24 keys = 16 + 8), and a scalar tail of
     * {@code Math.exp} calls took most of a small head's softmax.
     */
    static void softmax(float[] x, int off, int len, int[] mask, int maskOff) {
        int upper = S.loopBound(len);
        boolean tail = upper < len;
        VectorMask<Float> inRange = null;
        VectorMask<Float> tailKeep = null; // the tail positions that take part
        if (tail) {
            inRange = S.indexInRange(upper, len);
            tailKeep = mask == null ? inRange : inRange.and(keepTail(mask, maskOff + upper, len - upper));
        }
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < upper; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            if (mask == null) {
                vmax = vmax.max(v);
            } else {
                vmax = vmax.blend(vmax.max(v), keep(mask, maskOff + i));
            }
        }
        if (tail) {
            vmax = vmax.blend(vmax.max(FloatVector.fromArray(S, x, off + upper, inRange)), tailKeep);
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        if (max == Float.NEGATIVE_INFINITY) {
            // Fully masked (or every score -inf): PyTorch's finfo.min fill makes all logits equal.
            if (mask == null || allMasked(mask, maskOff, len)) {
                java.util.Arrays.fill(x, off, off + len, 1f / len);
                return;
            }
        }
        FloatVector zero = FloatVector.zero(S);
        FloatVector vsum = zero;
        for (i = 0; i < upper; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, off + i).sub(max).lanewise(VectorOperators.EXP);
            if (mask != null) {
                e = zero.blend(e, keep(mask, maskOff + i));
            }
            e.intoArray(x, off + i);
            vsum = vsum.add(e);
        }
        if (tail) {
            FloatVector e = zero.blend(FloatVector.fromArray(S, x, off + upper, inRange).sub(max)
                    .lanewise(VectorOperators.EXP), tailKeep);
            e.intoArray(x, off + upper, inRange);
            vsum = vsum.add(e);
        }
        float inv = 1f / vsum.reduceLanes(VectorOperators.ADD);
        for (i = 0; i < upper; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(inv).intoArray(x, off + i);
        }
        if (tail) {
            FloatVector.fromArray(S, x, off + upper, inRange).mul(inv).intoArray(x, off + upper, inRange);
        }
    }

    private static VectorMask<Float> keep(int[] mask, int at) {
        return IntVector.fromArray(I, mask, at).compare(VectorOperators.NE, 0).cast(S);
    }

    /** As {@link #keep} for the n < L positions left at the end of a row. */
    private static VectorMask<Float> keepTail(int[] mask, int at, int n) {
        return IntVector.fromArray(I, mask, at, I.indexInRange(0, n)).compare(VectorOperators.NE, 0).cast(S);
    }

    private static boolean allMasked(int[] mask, int maskOff, int len) {
        for (int i = 0; i < len; i++) {
            if (mask[maskOff + i] != 0) {
                return false;
            }
        }
        return true;
    }
}
