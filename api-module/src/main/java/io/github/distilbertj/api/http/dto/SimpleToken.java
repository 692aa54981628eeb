package io.github.distilbertj.api.http.dto;

/**
 * TEI's SimpleToken. {@code start} and {@code stop} are UTF-8 byte offsets into the input, as
 * TEI reports them; both are null for special tokens, whose {@code text} is the token itself.
 */
public record SimpleToken(int id, String text, boolean special, Integer start, Integer stop) {
}
