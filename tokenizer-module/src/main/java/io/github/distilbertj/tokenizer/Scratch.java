package io.github.distilbertj.tokenizer;

import java.util.Arrays;

/**
 * Per-thread working memory of one encode call: the word being assembled (normalised chars with the span of
 * original chars each came from) and the growing token lists of sequence A and B. Reused across calls so the hot
 * path allocates only the final arrays.
 */
final class Scratch {

    /** Normalised chars of the current word. */
    char[] word = new char[64];
    /** Original UTF-16 start and end of the code point each normalised char came from. */
    int[] wordFrom = new int[64];
    int[] wordTo = new int[64];
    int wordLength;
    /** Code points in the current word, counted even past the stored chars. */
    int wordCodePoints;
    /** Original start of the word's first code point and end of its last, stored or not. */
    int wordFromOffset;
    int overflowTo;

    /** Polynomial hashes of prefixes of the word, reused by WordPiece. */
    int[] prefixHash = new int[64];

    final Tokens first = new Tokens();
    final Tokens second = new Tokens();

    void appendToWord(int cp, int from, int to, int limitCodePoints) {
        if (++wordCodePoints == 1) {
            wordFromOffset = from;
        }
        if (wordCodePoints > limitCodePoints) {
            // Past the limit the word becomes [UNK] whatever it holds; only its end offset still matters.
            overflowTo = to;
            return;
        }
        if (wordLength + 2 > word.length) {
            int n = word.length * 2;
            word = Arrays.copyOf(word, n);
            wordFrom = Arrays.copyOf(wordFrom, n);
            wordTo = Arrays.copyOf(wordTo, n);
        }
        if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
            word[wordLength] = (char) cp;
            wordFrom[wordLength] = from;
            wordTo[wordLength] = to;
            wordLength++;
        } else {
            word[wordLength] = Character.highSurrogate(cp);
            word[wordLength + 1] = Character.lowSurrogate(cp);
            wordFrom[wordLength] = from;
            wordFrom[wordLength + 1] = from;
            wordTo[wordLength] = to;
            wordTo[wordLength + 1] = to;
            wordLength += 2;
        }
        overflowTo = to;
    }

    void clearWord() {
        wordLength = 0;
        wordCodePoints = 0;
    }

    int[] prefixHash(int length) {
        if (prefixHash.length < length + 1) {
            prefixHash = new int[Math.max(length + 1, prefixHash.length * 2)];
        }
        return prefixHash;
    }

    /** A growable list of (id, start, end) for one sequence. */
    static final class Tokens {
        int[] ids = new int[64];
        int[] starts = new int[64];
        int[] ends = new int[64];
        int size;

        void clear() {
            size = 0;
        }

        void add(int id, int start, int end) {
            if (size == ids.length) {
                int n = size * 2;
                ids = Arrays.copyOf(ids, n);
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
            }
            ids[size] = id;
            starts[size] = start;
            ends[size] = end;
            size++;
        }
    }
}
