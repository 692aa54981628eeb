package io.github.distilbertj.tokenizer;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Hugging Face's {@code BertNormalizer} followed by {@code BertPreTokenizer}'s character classes, folded into one
 * table lookup per code point.
 *
 * <p>HF runs the steps in this order on every character: clean text, pad CJK ideographs with spaces, NFD and drop
 * non-spacing marks, lowercase; the pre-tokenizer then splits the result on whitespace and isolates punctuation.
 * Each step maps one character independently of its neighbours except NFD's canonical reordering of combining
 * marks, which only shifts offsets in rare sequences (see the module README), so the chain is taken as a function
 * of the code point. It is precomputed for the Basic and Supplementary Multilingual Planes; rarer code points take
 * the same path on the fly.
 */
final class BertNormalizer {

    /** One output character that continues the current word; {@link #mapped} holds it. */
    static final byte WORD = 0;
    /** Whitespace: ends the current word. */
    static final byte SPACE = 1;
    /** One output character that is a word by itself (punctuation or a CJK ideograph); {@link #mapped} holds it. */
    static final byte ISOLATED = 2;
    /** Removed by the normaliser. */
    static final byte DROP = 3;
    /** Several output characters; {@link #complex} holds them and each is classified again. */
    static final byte COMPLEX = 4;
    /** Several output characters forming an isolated CJK word. */
    static final byte COMPLEX_ISOLATED = 5;

    private static final int TABLE_SIZE = 0x20000;

    private final NormalizerOptions options;
    private final boolean strip;
    private final byte[] kind = new byte[TABLE_SIZE];
    private final int[] mapped = new int[TABLE_SIZE];
    private final int[][] complex = new int[TABLE_SIZE][];

    BertNormalizer(NormalizerOptions options) {
        this.options = options;
        this.strip = options.effectiveStripAccents();
        String[] decomposed = strip ? decomposeTable() : null;
        for (int cp = 0; cp < TABLE_SIZE; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                // A lone surrogate reaches the Rust library as U+FFFD; the caller substitutes it before lookup.
                continue;
            }
            classifyInto(cp, decomposed == null ? null : decomposed[cp]);
        }
    }

    /**
     * NFD of every code point of the table, in one {@link Normalizer} call: code points are joined with U+0001
     * between them, a starter that stops canonical reordering, so the result splits back per code point.
     */
    private static String[] decomposeTable() {
        StringBuilder all = new StringBuilder(TABLE_SIZE * 3);
        for (int cp = 0x80; cp < TABLE_SIZE; cp++) {
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                all.appendCodePoint(cp).append('\u0001');
            }
        }
        String nfd = Normalizer.normalize(all, Normalizer.Form.NFD);
        String[] out = new String[TABLE_SIZE];
        int cp = 0x80;
        int start = 0;
        for (int i = 0; i < nfd.length(); i++) {
            if (nfd.charAt(i) == '\u0001') {
                while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                    cp++;
                }
                String d = nfd.substring(start, i);
                out[cp] = d.equals(Character.toString(cp)) ? null : d;
                cp++;
                start = i + 1;
            }
        }
        if (cp != TABLE_SIZE) {
            throw new IllegalStateException("NFD table out of step at U+" + Integer.toHexString(cp));
        }
        return out;
    }

    NormalizerOptions options() {
        return options;
    }

    /** The kind of a code point (see the constants); lone surrogates must be replaced by U+FFFD beforehand. */
    byte kind(int cp) {
        if (cp < TABLE_SIZE) {
            return kind[cp];
        }
        return classify(cp, null);
    }

    /** The single output code point of a {@link #WORD} or {@link #ISOLATED} code point. */
    int mapped(int cp) {
        if (cp < TABLE_SIZE) {
            return mapped[cp];
        }
        int[][] holder = new int[1][];
        classify(cp, holder);
        return holder[0][0];
    }

    /** The output code points of a {@link #COMPLEX} or {@link #COMPLEX_ISOLATED} code point. */
    int[] complex(int cp) {
        if (cp < TABLE_SIZE) {
            return complex[cp];
        }
        int[][] holder = new int[1][];
        classify(cp, holder);
        return holder[0];
    }

    private void classifyInto(int cp, String decomposition) {
        int[][] holder = new int[1][];
        byte k = classify(cp, decomposition, holder);
        kind[cp] = k;
        if (k == WORD || k == ISOLATED) {
            mapped[cp] = holder[0][0];
        } else if (k == COMPLEX || k == COMPLEX_ISOLATED) {
            complex[cp] = holder[0];
        }
    }

    /** The chain for a code point outside the table, decomposing it on the spot. */
    private byte classify(int cp, int[][] out) {
        String nfd = strip ? Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFD) : null;
        return classify(cp, nfd != null && nfd.equals(Character.toString(cp)) ? null : nfd, out);
    }

    /**
     * Runs the HF chain on one code point whose NFD is {@code decomposition} ({@code null} when it is itself);
     * stores the output code points in {@code out[0]} when asked.
     */
    private byte classify(int cp, String decomposition, int[][] out) {
        if (options.cleanText()) {
            if (cp == 0 || cp == 0xFFFD || BertCharacters.isControl(cp)) {
                return DROP;
            }
            if (BertCharacters.isWhitespace(cp)) {
                return SPACE;
            }
        }
        boolean chinese = options.handleChineseChars() && BertCharacters.isChinese(cp);
        int[] chars = transform(cp, decomposition);
        if (out != null) {
            out[0] = chars;
        }
        if (chars.length == 0) {
            return DROP;
        }
        if (chars.length == 1) {
            int c = chars[0];
            if (BertCharacters.isWhitespace(c)) {
                return chinese ? COMPLEX_ISOLATED : SPACE;
            }
            if (chinese || BertCharacters.isPunctuation(c)) {
                return ISOLATED;
            }
            return WORD;
        }
        return chinese ? COMPLEX_ISOLATED : COMPLEX;
    }

    /** Accent stripping then lowercasing of one code point. */
    private int[] transform(int cp, String decomposition) {
        int[] chars;
        if (!strip) {
            chars = new int[] {cp};
        } else if (decomposition == null) {
            chars = BertCharacters.isNonspacingMark(cp) ? new int[0] : new int[] {cp};
        } else {
            chars = decomposition.codePoints().filter(c -> !BertCharacters.isNonspacingMark(c)).toArray();
        }
        if (options.lowercase() && !(chars.length == 1 && chars[0] != 0x130)) {
            int n = 0;
            int[] lowered = new int[chars.length * 2];
            for (int c : chars) {
                if (c == 0x130) {
                    // Rust's char::to_lowercase applies SpecialCasing: dotted capital I becomes i + combining dot.
                    lowered[n++] = 'i';
                    lowered[n++] = 0x307;
                } else {
                    lowered[n++] = Character.toLowerCase(c);
                }
            }
            chars = Arrays.copyOf(lowered, n);
        } else if (options.lowercase()) {
            chars[0] = Character.toLowerCase(chars[0]);
        }
        return chars;
    }
}
