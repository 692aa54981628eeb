package io.github.distilbertj.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** WordPiece on its own vocabulary: greedy longest match, [UNK] rules, offsets of pieces. */
class WordPieceTest {

    private static final BertTokenizer TINY = TinyVocab.tokenizer(List.of("un", "##aff", "##able", "aff", "able",
            "a", "ab", "abc", "##b", "##c", "##d", "x", "##x", "😀", "##😀", "é", "e", "##e"));

    private static String[] tokens(BertTokenizer t, String text) {
        String[] all = t.encode(text).tokens();
        return java.util.Arrays.copyOfRange(all, 1, all.length - 1);
    }

    @Test
    void greedyLongestMatchFirst() {
        assertArrayEquals(new String[] {"un", "##aff", "##able"}, tokens(TINY, "unaffable"));
        assertArrayEquals(new String[] {"abc", "##d"}, tokens(TINY, "abcd"));
        assertArrayEquals(new String[] {"ab", "##b"}, tokens(TINY, "abb"));
    }

    @Test
    void aWordWithAnUnmatchablePieceIsOneUnknownToken() {
        Encoding e = TINY.encode("x unaffablez x");
        assertArrayEquals(new String[] {"[CLS]", "x", "[UNK]", "x", "[SEP]"}, e.tokens());
        assertEquals(2, e.start(2));
        assertEquals(12, e.end(2));
    }

    @Test
    void wordsLongerThan100CodePointsAreUnknown() {
        String hundred = "x".repeat(100);
        Encoding ok = TINY.encode(hundred);
        assertEquals(102, ok.length());
        Encoding tooLong = TINY.encode("a " + hundred + "x a");
        assertArrayEquals(new String[] {"[CLS]", "a", "[UNK]", "a", "[SEP]"}, tooLong.tokens());
        assertEquals(2, tooLong.start(2));
        assertEquals(103, tooLong.end(2));
        // The limit counts code points, not UTF-16 chars.
        assertEquals(102, TINY.encode("😀".repeat(100)).length());
        assertArrayEquals(new String[] {"[UNK]"}, tokens(TINY, "😀".repeat(101)));
    }

    @Test
    void aZeroCharacterLimitMakesEveryWordUnknown() {
        var json = TinyVocab.json(List.of("a", "b"));
        ((tools.jackson.databind.node.ObjectNode) json.get("model")).put("max_input_chars_per_word", 0);
        Encoding e = BertTokenizer.fromTokenizerJsonString(json.toString()).encode("a bb");
        assertArrayEquals(new String[] {"[CLS]", "[UNK]", "[UNK]", "[SEP]"}, e.tokens());
        assertArrayEquals(new int[][] {{0, 0}, {0, 1}, {2, 4}, {0, 0}}, e.offsets());
    }

    @Test
    void surrogatePairsAreMatchedWholeAndOffsetsCountUtf16Chars() {
        Encoding e = TINY.encode("a😀😀 x");
        assertArrayEquals(new String[] {"[CLS]", "a", "##😀", "##😀", "x", "[SEP]"}, e.tokens());
        assertArrayEquals(new int[][] {{0, 0}, {0, 1}, {1, 3}, {3, 5}, {6, 7}, {0, 0}}, e.offsets());
    }

    @Test
    void piecesOfOneDecomposedCharacterShareItsOffsets() {
        // "é" is stripped to "e"; the combining mark in "e\u0301" is dropped but stays inside the word's span.
        Encoding composed = TINY.encode("é");
        assertArrayEquals(new String[] {"[CLS]", "e", "[SEP]"}, composed.tokens());
        assertArrayEquals(new int[] {0, 1}, composed.offsets()[1]);
        Encoding decomposed = TINY.encode("e\u0301e");
        assertArrayEquals(new String[] {"[CLS]", "e", "##e", "[SEP]"}, decomposed.tokens());
        assertArrayEquals(new int[][] {{0, 0}, {0, 1}, {2, 3}, {0, 0}}, decomposed.offsets());
    }

    @Test
    void theUnknownTokenMustExist() {
        var json = TinyVocab.json(List.of("a"));
        ((tools.jackson.databind.node.ObjectNode) json.get("model")).put("unk_token", "<unk>");
        TokenizerConfigException e = assertThrows(TokenizerConfigException.class,
                () -> BertTokenizer.fromTokenizerJsonString(json.toString()));
        assertEquals("WordPiece unknown token '<unk>' is missing from the vocabulary", e.getMessage());
    }

    @Test
    void tokenTableFindsRangesWithoutSubstrings() {
        TokenTable t = new TokenTable(new String[] {"abc", "b", "abc"}, new int[] {1, 2, 3}, 3);
        char[] buf = "xabcx".toCharArray();
        assertEquals(3, t.get(buf, 1, 3, "abc".hashCode())); // later duplicate wins, like a map insert
        assertEquals(2, t.get(buf, 2, 1, "b".hashCode()));
        assertEquals(-1, t.get(buf, 1, 2, "ab".hashCode()));
        assertEquals(2, t.size());
        assertEquals(3, t.maxLength());
    }
}
