package io.github.distilbertj.model;

/** A task head (fill-mask or sequence classification) was asked of a model whose checkpoint has none. */
public final class MissingHeadException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    public MissingHeadException(String message) {
        super(message);
    }
}
