package io.github.distilbertj.model;

import java.util.Arrays;

/** How a sequence of token vectors becomes one vector. */
public enum Pooling {
    /** The first token's vector ([CLS]). */
    CLS,
    /** Average over the tokens whose attention mask is 1 (sentence-transformers' mean pooling). */
    MEAN,
    /** Element-wise maximum over the tokens whose attention mask is 1. */
    MAX;

    /**
     * Pools rows {@code [rowOff, rowOff + len)} of a row-major [tokens, hidden] buffer, counting
     * only rows whose mask entry is non-zero (CLS ignores the mask), into {@code out[outOff ..]}.
     */
    void pool(float[] hidden, int rowOff, int len, int hiddenSize, int[] mask, int maskOff,
              float[] out, int outOff) {
        switch (this) {
            case CLS -> System.arraycopy(hidden, rowOff * hiddenSize, out, outOff, hiddenSize);
            case MEAN -> {
                Arrays.fill(out, outOff, outOff + hiddenSize, 0f);
                int count = 0;
                for (int t = 0; t < len; t++) {
                    if (mask[maskOff + t] == 0) {
                        continue;
                    }
                    count++;
                    int base = (rowOff + t) * hiddenSize;
                    for (int j = 0; j < hiddenSize; j++) {
                        out[outOff + j] += hidden[base + j];
                    }
                }
                // sentence-transformers clamps the token count at 1e-9; an all-masked row pools to 0.
                float inv = 1f / Math.max(count, 1e-9f);
                for (int j = 0; j < hiddenSize; j++) {
                    out[outOff + j] *= inv;
                }
            }
            case MAX -> {
                Arrays.fill(out, outOff, outOff + hiddenSize, Float.NEGATIVE_INFINITY);
                boolean any = false;
                for (int t = 0; t < len; t++) {
                    if (mask[maskOff + t] == 0) {
                        continue;
                    }
                    any = true;
                    int base = (rowOff + t) * hiddenSize;
                    for (int j = 0; j < hiddenSize; j++) {
                        out[outOff + j] = Math.max(out[outOff + j], hidden[base + j]);
                    }
                }
                if (!any) {
                    Arrays.fill(out, outOff, outOff + hiddenSize, 0f);
                }
            }
        }
    }

    /**
     * Pools each sequence of a last hidden state as returned by {@link Encoder#forward}; rows of
     * {@code attentionMask} must match the sequence lengths.
     */
    public float[][] pool(float[][][] lastHiddenState, int[][] attentionMask) {
        if (lastHiddenState.length != attentionMask.length) {
            throw new IllegalArgumentException("lastHiddenState has " + lastHiddenState.length
                    + " sequences but attentionMask has " + attentionMask.length);
        }
        float[][] out = new float[lastHiddenState.length][];
        for (int b = 0; b < lastHiddenState.length; b++) {
            float[][] seq = lastHiddenState[b];
            if (seq.length != attentionMask[b].length || seq.length == 0) {
                throw new IllegalArgumentException("sequence " + b + " has " + seq.length
                        + " tokens but its attention mask has " + attentionMask[b].length);
            }
            int h = seq[0].length;
            float[] flat = new float[seq.length * h];
            for (int t = 0; t < seq.length; t++) {
                System.arraycopy(seq[t], 0, flat, t * h, h);
            }
            out[b] = new float[h];
            pool(flat, 0, seq.length, h, attentionMask[b], 0, out[b], 0);
        }
        return out;
    }

    /** Scales {@code v} in place to unit Euclidean length (a zero vector stays zero). */
    public static void normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        // torch.nn.functional.normalize divides by max(norm, 1e-12).
        float inv = (float) (1.0 / Math.max(Math.sqrt(sum), 1e-12));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }
}
