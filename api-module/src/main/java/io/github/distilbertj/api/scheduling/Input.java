package io.github.distilbertj.api.scheduling;

/**
 * One input of a request: a text, a pair of texts (classification), or token ids a client
 * tokenized itself (used as given: no special tokens are added).
 */
public record Input(String text, String pair, int[] ids) {

    public static Input text(String text) {
        return new Input(text, null, null);
    }

    public static Input pair(String first, String second) {
        return new Input(first, second, null);
    }

    public static Input ids(int[] ids) {
        return new Input(null, null, ids);
    }

    public boolean isIds() {
        return ids != null;
    }
}
