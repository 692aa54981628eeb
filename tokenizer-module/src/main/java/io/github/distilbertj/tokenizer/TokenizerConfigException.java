package io.github.distilbertj.tokenizer;

/** A vocabulary or {@code tokenizer.json} that cannot be loaded, or uses a feature this tokenizer does not support. */
public class TokenizerConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TokenizerConfigException(String message) {
        super(message);
    }

    public TokenizerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
