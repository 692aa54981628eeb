package io.github.distilbertj.benchmark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkInputsTest {

    @Test
    void idsAreDeterministicAndFramedByClsAndSep() {
        int[][] a = new BenchmarkInputs(42).ids(8, 128);
        int[][] b = new BenchmarkInputs(42).ids(8, 128);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
            assertEquals(BenchmarkInputs.CLS, a[i][0]);
            assertEquals(BenchmarkInputs.SEP, a[i][127]);
            for (int t = 1; t < 127; t++) {
                assertTrue(a[i][t] >= BenchmarkInputs.FIRST_WORD_ID && a[i][t] < BenchmarkInputs.VOCAB);
            }
        }
        assertFalse(java.util.Arrays.equals(a[0], new BenchmarkInputs(43).ids(8, 128)[0]), "the seed matters");
    }

    @Test
    void sentencesAreLowercaseAsciiAndDeterministic() {
        List<String> s = new BenchmarkInputs(42).sentences(8);
        assertEquals(s, new BenchmarkInputs(42).sentences(8));
        for (String text : s) {
            assertTrue(text.chars().allMatch(c -> c < 128 && !Character.isUpperCase(c)), text);
            int words = text.split(" ").length;
            assertTrue(words >= 6, text);
        }
    }

    @org.junit.jupiter.api.Test
    void mixedTextsSpanFiveToFiveHundredTokensAndAreReproducible() throws Exception {
        io.github.distilbertj.tokenizer.BertTokenizer tokenizer = io.github.distilbertj.tokenizer.BertTokenizer.uncased();
        java.util.List<String> texts = new BenchmarkInputs(42).mixedTexts(32, t -> tokenizer.encode(t).length());
        org.junit.jupiter.api.Assertions.assertEquals(32, texts.size());
        org.junit.jupiter.api.Assertions.assertEquals(texts, new BenchmarkInputs(42).mixedTexts(32, t -> tokenizer.encode(t).length()));
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (String t : texts) {
            int n = tokenizer.encode(t).length();
            min = Math.min(min, n);
            max = Math.max(max, n);
            org.junit.jupiter.api.Assertions.assertTrue(n <= 500, n + " tokens: " + t);
        }
        org.junit.jupiter.api.Assertions.assertTrue(min < 60 && max > 300, "lengths from " + min + " to " + max);
    }
}
