package io.github.distilbertj.tokenizer;

import java.util.List;

/**
 * HF's {@code WordPiece} decoder: continuation pieces lose their prefix and join the previous token, other tokens
 * are separated by a space, and with {@code cleanup} the English spacing around punctuation and contractions is
 * undone per token, exactly as HF's {@code clean_up_tokenization} does.
 */
public record WordPieceDecoder(String prefix, boolean cleanup) {

    public WordPieceDecoder {
        java.util.Objects.requireNonNull(prefix, "prefix");
    }

    String decode(List<String> tokens) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (i != 0) {
                token = token.startsWith(prefix) ? token.substring(prefix.length()) : " " + token;
            }
            if (cleanup) {
                token = cleanup(token);
            }
            out.append(token);
        }
        return out.toString();
    }

    static String cleanup(String s) {
        if (s.indexOf(' ') < 0) {
            return s;
        }
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }
}
