package io.github.distilbertj.tokenizer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds added tokens in raw text, leftmost-longest like HF's Aho-Corasick split: at each position, the longest
 * added token starting there wins. A bit set of first chars keeps the common case to one test per char.
 */
final class AddedTokenMatcher {

    private final long[] firstChars = new long[1024];
    /** Longest first, so the first hit is the longest. */
    private final AddedToken[] tokens;

    AddedTokenMatcher(List<AddedToken> added) {
        tokens = added.toArray(new AddedToken[0]);
        Arrays.sort(tokens, Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed());
        for (AddedToken t : tokens) {
            char c = t.content().charAt(0);
            firstChars[c >>> 6] |= 1L << c;
        }
    }

    boolean mayStartWith(char c) {
        return (firstChars[c >>> 6] & (1L << c)) != 0;
    }

    /** The longest added token at {@code text[at...]}, or {@code null}. */
    AddedToken match(String text, int at) {
        char c = text.charAt(at);
        for (AddedToken t : tokens) {
            String content = t.content();
            if (content.charAt(0) == c && text.regionMatches(at, content, 0, content.length())) {
                return t;
            }
        }
        return null;
    }
}
