package io.github.distilbertj.tokenizer;

import java.util.Objects;

/**
 * Hugging Face truncation settings. {@code maxLength} counts the special tokens the template adds, as in HF.
 * {@code stride} only shapes HF's overflowing encodings, which this tokenizer does not produce, so it is kept for
 * round-tripping but has no effect.
 */
public record TruncationOptions(int maxLength, Strategy strategy, Direction direction, int stride) {

    /** Which sequence of a pair loses tokens. */
    public enum Strategy { LONGEST_FIRST, ONLY_FIRST, ONLY_SECOND }

    /** Which end of a sequence loses tokens. */
    public enum Direction { RIGHT, LEFT }

    public TruncationOptions {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(direction, "direction");
        if (maxLength < 0) {
            throw new IllegalArgumentException("truncation maxLength must not be negative: " + maxLength);
        }
        if (stride < 0) {
            throw new IllegalArgumentException("truncation stride must not be negative: " + stride);
        }
    }

    /** Longest-first, right side, the HF default. */
    public static TruncationOptions longestFirst(int maxLength) {
        return new TruncationOptions(maxLength, Strategy.LONGEST_FIRST, Direction.RIGHT, 0);
    }
}
