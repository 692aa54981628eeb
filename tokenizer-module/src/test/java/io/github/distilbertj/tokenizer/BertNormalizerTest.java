package io.github.distilbertj.tokenizer;

import static io.github.distilbertj.tokenizer.BertNormalizer.COMPLEX;
import static io.github.distilbertj.tokenizer.BertNormalizer.DROP;
import static io.github.distilbertj.tokenizer.BertNormalizer.ISOLATED;
import static io.github.distilbertj.tokenizer.BertNormalizer.SPACE;
import static io.github.distilbertj.tokenizer.BertNormalizer.WORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The normaliser and pre-tokenizer character classes, one code point at a time. */
class BertNormalizerTest {

    private static final BertNormalizer UNCASED = new BertNormalizer(NormalizerOptions.UNCASED);
    private static final BertNormalizer CASED = new BertNormalizer(new NormalizerOptions(true, true, null, false));
    private static final BertNormalizer RAW = new BertNormalizer(new NormalizerOptions(false, false, false, false));

    @Test
    void everyUnicodeWhitespaceSplitsWords() {
        int[] whiteSpace = {0x09, 0x0A, 0x0D, 0x20, 0xA0, 0x1680, 0x2000, 0x2005, 0x200A, 0x2028, 0x2029,
            0x202F, 0x205F, 0x3000};
        for (int cp : whiteSpace) {
            assertEquals(SPACE, UNCASED.kind(cp), () -> Integer.toHexString(cp));
            assertEquals(SPACE, RAW.kind(cp), () -> Integer.toHexString(cp));
        }
        // Vertical tab and form feed are White_Space but also controls, and clean_text removes controls first.
        assertEquals(DROP, UNCASED.kind(0x0B));
        assertEquals(SPACE, RAW.kind(0x0C));
        // Not White_Space in Rust although Java's isWhitespace says so (or the reverse): controls, removed.
        for (int cp : new int[] {0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0x180E, 0x200B}) {
            assertEquals(DROP, UNCASED.kind(cp), () -> Integer.toHexString(cp));
        }
    }

    @Test
    void cleanTextDropsControlFormatPrivateUseNulAndReplacementCharacter() {
        for (int cp : new int[] {0x00, 0x01, 0x7F, 0x9F, 0xAD, 0x200D, 0xFEFF, 0xE000, 0xF0000, 0xFFFD}) {
            assertEquals(DROP, UNCASED.kind(cp), () -> Integer.toHexString(cp));
        }
        assertEquals(WORD, RAW.kind(0x00));
        assertEquals(WORD, RAW.kind(0x200D));
        // Unassigned code points are kept: HF's tables list no Cn characters.
        assertEquals(WORD, UNCASED.kind(0x0378));
        assertEquals(WORD, UNCASED.kind(0xE01F0));
    }

    @Test
    void punctuationOfEveryClassAndAsciiSymbolsAreIsolated() {
        for (int cp : "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".codePoints().toArray()) {
            assertEquals(ISOLATED, UNCASED.kind(cp), () -> Character.toString(cp));
        }
        // Pc, Pd, Ps, Pe, Pi, Pf, Po
        for (int cp : new int[] {0x203F, 0x2014, 0x300C, 0x300D, 0x00AB, 0x00BB, 0x00BF, 0x3002, 0x2E3A}) {
            if (Character.getType(cp) != Character.UNASSIGNED) {
                assertEquals(ISOLATED, UNCASED.kind(cp), () -> Integer.toHexString(cp));
            }
        }
        // Non-ASCII symbols are not punctuation: they stay inside words.
        assertEquals(WORD, UNCASED.kind('€'));
        assertEquals(WORD, UNCASED.kind(0x1F600));
    }

    @Test
    void punctuationAssignedAfterUnicode8IsAnOrdinaryCharacterLikeInHf() {
        assertEquals(Character.OTHER_PUNCTUATION, Character.getType(0x2E4F));
        assertEquals(WORD, UNCASED.kind(0x2E4F));
        // U+166D was punctuation in Unicode 8.0 and is a symbol now; HF still splits it.
        assertEquals(ISOLATED, UNCASED.kind(0x166D));
    }

    @Test
    void lowercaseAndAccentStripping() {
        assertEquals(WORD, UNCASED.kind('A'));
        assertEquals('a', UNCASED.mapped('A'));
        assertEquals('e', UNCASED.mapped('É'));
        assertEquals('É', CASED.mapped('É'));
        assertEquals(DROP, UNCASED.kind(0x0301));
        assertEquals(WORD, CASED.kind(0x0301));
        // Dotted capital I: Rust's full lowercase mapping gives two chars, stripping then drops the dot.
        assertEquals('i', UNCASED.mapped(0x130));
        BertNormalizer lowercaseOnly = new BertNormalizer(new NormalizerOptions(true, true, false, true));
        assertEquals(COMPLEX, lowercaseOnly.kind(0x130));
        assertArrayEquals(new int[] {'i', 0x307}, lowercaseOnly.complex(0x130));
        // Hangul syllables decompose into jamo under NFD.
        assertEquals(COMPLEX, UNCASED.kind('한'));
        assertArrayEquals(new int[] {0x1112, 0x1161, 0x11AB}, UNCASED.complex('한'));
        assertEquals(WORD, CASED.kind('한'));
    }

    @Test
    void cjkIdeographsBecomeWordsOfTheirOwn() {
        assertEquals(ISOLATED, UNCASED.kind('中'));
        assertEquals(ISOLATED, UNCASED.kind(0x20000));
        // Compatibility ideographs are isolated and NFD maps them to the unified ideograph.
        assertEquals(ISOLATED, UNCASED.kind(0xF900));
        assertEquals(0x8C48, UNCASED.mapped(0xF900));
        // HF's ranges skip U+2B820..U+2B91F (CJK Extension E's start).
        assertFalse(BertCharacters.isChinese(0x2B820));
        assertEquals(WORD, UNCASED.kind(0x2B820));
        assertEquals(WORD, RAW.kind('中'));
        // Hiragana is not in the ranges.
        assertEquals(WORD, UNCASED.kind('あ'));
    }

    @Test
    void characterPredicatesFollowRustNotJava() {
        assertTrue(BertCharacters.isWhitespace(0xA0));
        assertFalse(Character.isWhitespace(0xA0));
        assertFalse(BertCharacters.isWhitespace(0x1C));
        assertTrue(Character.isWhitespace(0x1C));
        assertFalse(BertCharacters.isControl('\t'));
        assertTrue(BertCharacters.isControl(0x85));
    }
}
