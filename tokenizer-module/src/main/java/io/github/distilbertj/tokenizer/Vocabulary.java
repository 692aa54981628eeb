package io.github.distilbertj.tokenizer;

import java.util.Map;

/**
 * Token strings and ids of a WordPiece model, with allocation-free lookups of char ranges.
 *
 * <p>Continuation pieces are stored a second time without their prefix ({@code ##}), so "is {@code ##} + this
 * range a token" is one lookup of the range itself.
 */
final class Vocabulary {

    private final String[] idToToken;
    private final TokenTable tokens;
    private final TokenTable continuations;
    private final String continuationPrefix;

    /** @param entries token to id, in the order HF would insert them (later duplicates win) */
    Vocabulary(Map<String, Integer> entries, String continuationPrefix) {
        this.continuationPrefix = continuationPrefix;
        int n = entries.size();
        String[] keys = new String[n];
        int[] ids = new int[n];
        String[] contKeys = new String[n];
        int[] contIds = new int[n];
        int contCount = 0;
        int maxId = -1;
        int i = 0;
        for (Map.Entry<String, Integer> e : entries.entrySet()) {
            int id = e.getValue();
            if (id < 0) {
                throw new TokenizerConfigException("vocabulary id " + id + " of token '" + e.getKey() + "' is negative");
            }
            keys[i] = e.getKey();
            ids[i] = id;
            maxId = Math.max(maxId, id);
            if (!continuationPrefix.isEmpty() && e.getKey().startsWith(continuationPrefix)
                    && e.getKey().length() > continuationPrefix.length()) {
                contKeys[contCount] = e.getKey().substring(continuationPrefix.length());
                contIds[contCount] = id;
                contCount++;
            }
            i++;
        }
        idToToken = new String[maxId + 1];
        for (int k = 0; k < n; k++) {
            idToToken[ids[k]] = keys[k];
        }
        tokens = new TokenTable(keys, ids, n);
        continuations = new TokenTable(contKeys, contIds, contCount);
    }

    private Vocabulary(Vocabulary base, String[] idToToken) {
        this.idToToken = idToToken;
        this.tokens = base.tokens;
        this.continuations = base.continuations;
        this.continuationPrefix = base.continuationPrefix;
    }

    /** A copy whose id-to-token view also knows {@code token} at {@code id} (added tokens outside the model). */
    Vocabulary withExtraToken(String token, int id) {
        String[] copy = java.util.Arrays.copyOf(idToToken, Math.max(idToToken.length, id + 1));
        copy[id] = token;
        return new Vocabulary(this, copy);
    }

    TokenTable tokens() {
        return tokens;
    }

    TokenTable continuations() {
        return continuations;
    }

    String continuationPrefix() {
        return continuationPrefix;
    }

    int size() {
        return idToToken.length;
    }

    /** The token of an id, or {@code null} when no token has that id. */
    String token(int id) {
        return id >= 0 && id < idToToken.length ? idToToken[id] : null;
    }

    /** The id of a token, or -1. */
    int id(String token) {
        return tokens.get(token);
    }
}
