package io.github.distilbertj.api.http.dto;

/** TEI's SparseValue: a vocabulary index and its SPLADE weight. */
public record SparseValue(int index, float value) {
}
