package io.github.distilbertj.api.scheduling;

/**
 * One tokenized input as the service handles it: ids and type ids for the model, and for
 * /tokenize the token strings, UTF-16 offsets into the input text (-1 for tokens that do not
 * come from the text) and which tokens are special.
 */
public record Tokens(int[] ids, int[] typeIds, String[] tokens, int[] starts, int[] ends, boolean[] special) {

    public int length() {
        return ids.length;
    }

    /** Pre-tokenized ids from a client: type 0, no strings, no offsets. */
    public static Tokens ofIds(int[] ids) {
        int[] none = new int[ids.length];
        java.util.Arrays.fill(none, -1);
        return new Tokens(ids, new int[ids.length], null, none, none.clone(), new boolean[ids.length]);
    }

    /** The first {@code n} tokens (right truncation) or the last {@code n} (left). */
    public Tokens keep(int n, TruncationDirection direction) {
        if (n >= ids.length) {
            return this;
        }
        int from = direction == TruncationDirection.LEFT ? ids.length - n : 0;
        int to = from + n;
        return new Tokens(java.util.Arrays.copyOfRange(ids, from, to), java.util.Arrays.copyOfRange(typeIds, from, to),
                tokens == null ? null : java.util.Arrays.copyOfRange(tokens, from, to),
                java.util.Arrays.copyOfRange(starts, from, to), java.util.Arrays.copyOfRange(ends, from, to),
                java.util.Arrays.copyOfRange(special, from, to));
    }
}
