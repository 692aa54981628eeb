package io.github.distilbertj.tokenizer;

import java.util.Arrays;

/**
 * The result of encoding one text or pair: token ids, token type ids, attention mask, token strings and offsets.
 *
 * <p>Offsets are UTF-16 char indices into the Java {@code String} that was encoded, start inclusive and end
 * exclusive; tokens of the second text of a pair index into that second text. Special and padding tokens have
 * (0, 0). Hugging Face's Python API and DJL count code points instead; the two agree on text without surrogate
 * pairs.
 *
 * <p>Immutable: accessors return copies. {@link #id(int)}, {@link #start(int)} and {@link #end(int)} read single
 * values without copying.
 */
public final class Encoding {

    private final int[] ids;
    private final int[] typeIds;
    private final int[] attentionMask;
    private final String[] tokens;
    private final int[] starts;
    private final int[] ends;

    Encoding(int[] ids, int[] typeIds, int[] attentionMask, String[] tokens, int[] starts, int[] ends) {
        this.ids = ids;
        this.typeIds = typeIds;
        this.attentionMask = attentionMask;
        this.tokens = tokens;
        this.starts = starts;
        this.ends = ends;
    }

    /** Number of tokens, padding included. */
    public int length() {
        return ids.length;
    }

    public int[] ids() {
        return ids.clone();
    }

    public int[] typeIds() {
        return typeIds.clone();
    }

    /** 1 for real tokens (special ones included), 0 for padding. */
    public int[] attentionMask() {
        return attentionMask.clone();
    }

    public String[] tokens() {
        return tokens.clone();
    }

    /** {@code [i] = {start, end}} in UTF-16 chars of the input text; (0, 0) for special and padding tokens. */
    public int[][] offsets() {
        int[][] out = new int[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            out[i] = new int[] {starts[i], ends[i]};
        }
        return out;
    }

    public int id(int index) {
        return ids[index];
    }

    public int start(int index) {
        return starts[index];
    }

    public int end(int index) {
        return ends[index];
    }

    /** This encoding padded to {@code length} (no-op when it is already that long or longer). */
    Encoding pad(int length, PaddingOptions p) {
        int n = ids.length;
        if (n >= length) {
            return this;
        }
        int pad = length - n;
        int at = p.direction() == PaddingOptions.Direction.RIGHT ? 0 : pad;
        int[] i2 = new int[length];
        int[] t2 = new int[length];
        int[] m2 = new int[length];
        String[] k2 = new String[length];
        int[] s2 = new int[length];
        int[] e2 = new int[length];
        System.arraycopy(ids, 0, i2, at, n);
        System.arraycopy(typeIds, 0, t2, at, n);
        System.arraycopy(attentionMask, 0, m2, at, n);
        System.arraycopy(tokens, 0, k2, at, n);
        System.arraycopy(starts, 0, s2, at, n);
        System.arraycopy(ends, 0, e2, at, n);
        int from = at == 0 ? n : 0;
        Arrays.fill(i2, from, from + pad, p.padId());
        Arrays.fill(t2, from, from + pad, p.padTypeId());
        Arrays.fill(k2, from, from + pad, p.padToken());
        return new Encoding(i2, t2, m2, k2, s2, e2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && Arrays.equals(typeIds, e.typeIds)
                && Arrays.equals(attentionMask, e.attentionMask) && Arrays.equals(tokens, e.tokens)
                && Arrays.equals(starts, e.starts) && Arrays.equals(ends, e.ends);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + Arrays.hashCode(starts);
    }

    @Override
    public String toString() {
        return "Encoding" + Arrays.toString(tokens);
    }
}
