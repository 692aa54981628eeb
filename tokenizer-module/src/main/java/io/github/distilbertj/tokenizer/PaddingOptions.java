package io.github.distilbertj.tokenizer;

import java.util.Objects;

/**
 * Hugging Face padding settings.
 *
 * @param fixedLength     pad every encoding to this length, or 0 to pad a batch to its longest encoding
 * @param padToMultipleOf round the target length up to a multiple of this, or 0
 * @param padId           id of the padding token
 * @param padTypeId       token type id of padding
 * @param padToken        the padding token's string
 * @param direction       side the padding goes
 */
public record PaddingOptions(int fixedLength, int padToMultipleOf, int padId, int padTypeId, String padToken,
                             Direction direction) {

    /** Which side padding is added to. */
    public enum Direction { RIGHT, LEFT }

    public PaddingOptions {
        Objects.requireNonNull(padToken, "padToken");
        Objects.requireNonNull(direction, "direction");
        if (fixedLength < 0 || padToMultipleOf < 0 || padId < 0 || padTypeId < 0) {
            throw new IllegalArgumentException("padding lengths and ids must not be negative: fixedLength=" + fixedLength
                    + ", padToMultipleOf=" + padToMultipleOf + ", padId=" + padId + ", padTypeId=" + padTypeId);
        }
    }

    /** Pad each batch to its longest encoding, on the right. */
    public static PaddingOptions longest(int padId, String padToken) {
        return new PaddingOptions(0, 0, padId, 0, padToken, Direction.RIGHT);
    }

    /** Pad every encoding to {@code length}, on the right. */
    public static PaddingOptions fixed(int length, int padId, String padToken) {
        if (length <= 0) {
            throw new IllegalArgumentException("fixed padding length must be positive: " + length);
        }
        return new PaddingOptions(length, 0, padId, 0, padToken, Direction.RIGHT);
    }

    /** Whether this pads to the longest encoding of the batch rather than a fixed length. */
    public boolean batchLongest() {
        return fixedLength == 0;
    }

    int targetLength(int longest) {
        int target = batchLongest() ? longest : fixedLength;
        if (padToMultipleOf > 0 && target % padToMultipleOf != 0) {
            target += padToMultipleOf - target % padToMultipleOf;
        }
        return target;
    }
}
