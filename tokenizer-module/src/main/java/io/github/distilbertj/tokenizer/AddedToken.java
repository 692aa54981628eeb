package io.github.distilbertj.tokenizer;

import java.util.Objects;

/**
 * A token matched verbatim in the raw text before normalisation, like HF's added tokens with
 * {@code normalized: false}. Special ones are left out by {@link BertTokenizer#decode(int[])}.
 */
public record AddedToken(String content, int id, boolean special) {

    public AddedToken {
        Objects.requireNonNull(content, "content");
        if (content.isEmpty()) {
            throw new TokenizerConfigException("added token with id " + id + " has empty content");
        }
        if (id < 0) {
            throw new TokenizerConfigException("added token '" + content + "' has negative id " + id);
        }
    }
}
