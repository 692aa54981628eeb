package io.github.distilbertj.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Matryoshka truncation of sentence embeddings, as TEI and the OpenAI API apply {@code dimensions}:
 * keep the first {@code dimensions} components, then L2-normalise again (a cut unit vector is no
 * longer unit length, and cosine/dot-product stores assume it is).
 */
public final class Matryoshka {
    private Matryoshka() {
    }

    /**
     * The first {@code dimensions} components of {@code embedding}, re-normalised; {@code embedding}
     * itself is left untouched.
     *
     * @throws IllegalArgumentException dimensions < 1 or above the embedding's length
     */
    public static float[] truncate(float[] embedding, int dimensions) {
        Objects.requireNonNull(embedding, "embedding");
        check(dimensions, embedding.length);
        float[] cut = Arrays.copyOf(embedding, dimensions);
        Pooling.normalize(cut);
        return cut;
    }

    /** {@link #truncate(float[], int)} of every row; rows already of that length are re-normalised copies too. */
    public static float[][] truncateAll(float[][] embeddings, int dimensions) {
        Objects.requireNonNull(embeddings, "embeddings");
        float[][] out = new float[embeddings.length][];
        for (int i = 0; i < embeddings.length; i++) {
            out[i] = truncate(embeddings[i], dimensions);
        }
        return out;
    }

    /**
     * Checks a requested size against the model's embedding size.
     *
     * @throws IllegalArgumentException dimensions < 1 or above {@code available}
     */
    public static void check(int dimensions, int available) {
        if (dimensions < 1 || dimensions > available) {
            throw new IllegalArgumentException("dimensions must be between 1 and " + available
                    + " (the model's embedding size), got " + dimensions);
        }
    }
}
