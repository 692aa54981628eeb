package io.github.distilbertj.model;

import java.util.Arrays;

/**
 * How {@link Encoder} runs a batch of sequences as forward passes. A pass pads every sequence to its
 * longest one, so a batch of short and long inputs wastes work on padding; each extra pass, on the
 * other hand, streams all the weights once more. This splits the batch, sorted by length, into
 * consecutive groups minimising {@code sum over groups (passCostTokens + size * longest)}, exactly
 * (dynamic programming over the sorted lengths, O(n^2) for n sequences), with no group over
 * {@code maxTokens} padded tokens unless it is a single sequence.
 *
 * <p>{@code passCostTokens} is the fixed cost of one pass expressed in padded tokens. Measured on
 * the 2-core AVX-512 machine with the built-in all-MiniLM-L6-v2 (a pass of n sequences of
 * 10-15 tokens, one call against one call per length): a pass costs about 1.2 ms + 64 us per
 * padded token, i.e. about 19 tokens. Both terms scale with the weights' size, so the ratio
 * carries over to larger BERT-family models.
 */
final class PaddingPlan {

    /** Fixed cost of one forward pass in padded tokens (see the class comment). */
    static final int PASS_COST_TOKENS = 19;

    private PaddingPlan() {
    }

    /**
     * Groups of indices into {@code lengths}, each group one forward pass, every index in exactly
     * one group; groups and their members are in ascending length order, so a group's last member
     * is its longest.
     */
    static int[][] split(int[] lengths, int passCostTokens, int maxTokens) {
        int n = lengths.length;
        if (n == 0) {
            return new int[0][];
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Integer.compare(lengths[a], lengths[b]));
        // best[j] = least cost of the first j sorted sequences; from[j] = where its last group starts.
        long[] best = new long[n + 1];
        int[] from = new int[n + 1];
        for (int j = 1; j <= n; j++) {
            long longest = lengths[boxed[j - 1]];
            best[j] = Long.MAX_VALUE;
            // Groups ending at j only grow padded tokens as they start earlier: stop at the budget.
            for (int i = j - 1; i >= 0 && (i == j - 1 || (j - i) * longest <= maxTokens); i--) {
                long cost = best[i] + passCostTokens + (j - i) * longest;
                if (cost < best[j]) {
                    best[j] = cost;
                    from[j] = i;
                }
            }
        }
        int groups = 0;
        for (int j = n; j > 0; j = from[j]) {
            groups++;
        }
        int[][] out = new int[groups][];
        for (int j = n, g = groups - 1; j > 0; j = from[j], g--) {
            int[] group = new int[j - from[j]];
            for (int k = 0; k < group.length; k++) {
                group[k] = boxed[from[j] + k];
            }
            out[g] = group;
        }
        return out;
    }
}
