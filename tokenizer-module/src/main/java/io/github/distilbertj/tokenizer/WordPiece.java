package io.github.distilbertj.tokenizer;

/**
 * Hugging Face's WordPiece model: greedy longest-match-first over one pre-tokenized word, the whole word becoming
 * the unknown token when a piece has no match or the word exceeds {@code maxInputCharsPerWord} code points.
 *
 * <p>Lookups hash the candidate piece incrementally and probe the vocabulary from the longest candidate down,
 * never looking past the longest vocabulary entry, so a word costs O(length x longest token) char reads and
 * allocates nothing.
 */
final class WordPiece {

    private final Vocabulary vocabulary;
    private final int unkId;
    private final int maxInputCharsPerWord;

    WordPiece(Vocabulary vocabulary, String unkToken, int maxInputCharsPerWord) {
        this.vocabulary = vocabulary;
        this.unkId = vocabulary.id(unkToken);
        if (unkId < 0) {
            throw new TokenizerConfigException("WordPiece unknown token '" + unkToken + "' is missing from the vocabulary");
        }
        if (maxInputCharsPerWord < 0) {
            throw new TokenizerConfigException("WordPiece max_input_chars_per_word must not be negative: " + maxInputCharsPerWord);
        }
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    int unkId() {
        return unkId;
    }

    int maxInputCharsPerWord() {
        return maxInputCharsPerWord;
    }

    /** Tokenizes the word held in {@code s} and appends its pieces with original offsets to {@code out}. */
    void tokenize(Scratch s, Scratch.Tokens out) {
        if (s.wordCodePoints == 0) {
            return;
        }
        char[] w = s.word;
        int n = s.wordLength;
        if (s.wordCodePoints > maxInputCharsPerWord) {
            out.add(unkId, s.wordFromOffset, s.overflowTo);
            return;
        }
        int mark = out.size;
        int start = 0;
        TokenTable table = vocabulary.tokens();
        while (start < n) {
            int limit = Math.min(n - start, table.maxLength());
            int[] hashes = s.prefixHash(limit);
            int h = 0;
            for (int k = 0; k < limit; k++) {
                h = 31 * h + w[start + k];
                hashes[k + 1] = h;
            }
            int found = -1;
            int length = limit;
            for (; length > 0; length--) {
                int end = start + length;
                if (end < n && Character.isLowSurrogate(w[end]) && Character.isHighSurrogate(w[end - 1])) {
                    continue; // never split a surrogate pair
                }
                found = table.get(w, start, length, hashes[length]);
                if (found >= 0) {
                    break;
                }
            }
            if (found < 0) {
                out.size = mark;
                out.add(unkId, s.wordFrom[0], s.wordTo[n - 1]);
                return;
            }
            out.add(found, s.wordFrom[start], s.wordTo[start + length - 1]);
            start += length;
            table = vocabulary.continuations();
        }
    }
}
