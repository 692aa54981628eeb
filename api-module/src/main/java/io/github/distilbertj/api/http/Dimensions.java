package io.github.distilbertj.api.http;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.scheduling.ModelInfo;
import io.github.distilbertj.model.Matryoshka;

import java.util.Arrays;

/** The {@code dimensions} field of /embed and /v1/embeddings: Matryoshka truncation, as TEI applies it. */
final class Dimensions {
    private Dimensions() {
    }

    /** 422 unless null or 1..hidden size. */
    static void check(Integer dimensions, ModelInfo model) {
        if (dimensions != null && (dimensions < 1 || dimensions > model.hiddenSize())) {
            throw ApiException.validation("`dimensions` must be between 1 and " + model.hiddenSize() + " ("
                    + model.modelId() + "'s embedding size), got " + dimensions);
        }
    }

    /**
     * The first {@code dimensions} components, re-normalised when {@code normalize}; {@code v} itself when
     * dimensions is null or the full size (already normalised or not, as asked).
     */
    static float[] cut(float[] v, Integer dimensions, boolean normalize) {
        if (dimensions == null || dimensions == v.length) {
            return v;
        }
        return normalize ? Matryoshka.truncate(v, dimensions) : Arrays.copyOf(v, dimensions);
    }
}
