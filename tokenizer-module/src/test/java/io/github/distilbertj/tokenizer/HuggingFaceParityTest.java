package io.github.distilbertj.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Output parity with Hugging Face {@code tokenizers} (the Rust library, through DJL): ids, type ids, attention
 * masks, tokens and offsets must be identical on a generated corpus, on every Unicode code point, and after
 * decoding.
 */
class HuggingFaceParityTest {

    private static final int CORPUS_SIZE = 20_000;
    private static final int PAIRS = 5_000;

    private static List<String> corpus;
    private static HuggingFaceTokenizer djlUncased;

    @BeforeAll
    static void setUp() {
        corpus = ParityCorpus.texts(20261127L, CORPUS_SIZE);
        djlUncased = Oracle.djl(Oracle.uncasedJson());
    }

    @AfterAll
    static void tearDown() {
        djlUncased.close();
    }

    @Test
    void theComparisonNoticesDifferences() {
        BertTokenizer ours = BertTokenizer.uncased();
        String shifted = Oracle.difference(ours.encode(" hello"), djlUncased.encode("hello"), " hello", null);
        org.junit.jupiter.api.Assertions.assertTrue(shifted != null && shifted.startsWith("offsets differ"), shifted);
        String other = Oracle.difference(ours.encode("hello"), djlUncased.encode("hullo"), "hello", null);
        org.junit.jupiter.api.Assertions.assertTrue(other != null && other.startsWith("ids differ"), other);
        org.junit.jupiter.api.Assertions.assertNull(
                Oracle.difference(ours.encode("a😀b"), djlUncased.encode("a😀b"), "a😀b", null));
    }

    @Test
    void theCorpusCoversEverySpecialCase() {
        java.util.function.Predicate<java.util.function.IntPredicate> any =
                p -> corpus.stream().anyMatch(t -> t.codePoints().anyMatch(p));
        org.junit.jupiter.api.Assertions.assertAll(
                () -> org.junit.jupiter.api.Assertions.assertTrue(corpus.contains("")),
                () -> org.junit.jupiter.api.Assertions.assertTrue(corpus.stream().anyMatch(t -> !t.isEmpty() && t.isBlank())),
                () -> org.junit.jupiter.api.Assertions.assertTrue(any.test(cp -> cp >= 0xD800 && cp <= 0xDFFF), "lone surrogates"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(corpus.stream().anyMatch(t -> t.contains("\u200D")), "ZWJ"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(any.test(cp -> cp >= 0x1F3FB && cp <= 0x1F3FF), "skin tones"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(any.test(cp -> cp >= 0x20000), "supplementary CJK"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(any.test(cp -> cp >= 0x300 && cp < 0x370), "combining marks"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(any.test(cp -> cp >= 0xAC00 && cp <= 0xD7A3), "Hangul"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(any.test(cp -> cp >= 0x0E01 && cp <= 0x0E5B), "Thai"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(any.test(cp -> cp < 0x20 && cp != '\n'), "controls"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(any.test(cp -> cp == 0x3000), "ideographic space"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(corpus.stream().anyMatch(t -> t.contains("[MASK]")), "added"),
                () -> org.junit.jupiter.api.Assertions.assertTrue(corpus.stream().anyMatch(t -> t.matches("(?s).*[a-z]{101,}.*")), "long"));
    }

    @Test
    void builtInUncasedMatchesOnCorpus() {
        BertTokenizer ours = BertTokenizer.uncased();
        Mismatches m = new Mismatches();
        for (String text : corpus) {
            String d = Oracle.difference(ours.encode(text), djlUncased.encode(text), text, null);
            m.check(d);
        }
        m.assertNone("texts");
    }

    @Test
    void builtInUncasedMatchesOnPairs() {
        BertTokenizer ours = BertTokenizer.uncased();
        Mismatches m = new Mismatches();
        for (int i = 0; i < PAIRS; i++) {
            String a = corpus.get(2 * i);
            String b = corpus.get(2 * i + 1);
            String d = Oracle.difference(ours.encode(a, b), djlUncased.encode(a, b), a, b);
            m.check(d);
        }
        m.assertNone("pairs");
    }

    @Test
    void tokenizerJsonWithTruncationAndFixedPaddingMatches() {
        // The MiniLM tokenizer.json truncates to 128 and pads to a fixed 128; DJL ignores the file's padding
        // block, so the oracle is given the same settings explicitly.
        String json = new String(Oracle.miniLmJson(), java.nio.charset.StandardCharsets.UTF_8);
        BertTokenizer ours = BertTokenizer.fromTokenizerJsonString(json);
        assertEquals(128, ours.truncation().maxLength());
        assertEquals(128, ours.padding().fixedLength());
        try (HuggingFaceTokenizer djl = Oracle.djl(json,
                Map.of("truncation", "true", "padding", "max_length", "maxLength", "128"))) {
            Mismatches m = new Mismatches();
            for (int i = 0; i < 6_000; i++) {
                String a = corpus.get(i);
                String d = i % 3 == 0
                        ? Oracle.difference(ours.encode(a, corpus.get(i + 1)), djl.encode(a, corpus.get(i + 1)), a,
                                corpus.get(i + 1))
                        : Oracle.difference(ours.encode(a), djl.encode(a), a, null);
                m.check(d);
            }
            m.assertNone("texts");
        }
    }

    @Test
    void batchesPaddedToLongestMatch() {
        BertTokenizer ours = BertTokenizer.uncased().withTruncation(64).withPaddingToLongest();
        try (HuggingFaceTokenizer djl = Oracle.djl(Oracle.uncasedJson(),
                Map.of("truncation", "true", "padding", "true", "maxLength", "64"))) {
            Mismatches m = new Mismatches();
            for (int start = 0; start + 8 <= 4_000; start += 8) {
                List<String> batch = corpus.subList(start, start + 8);
                List<Encoding> mine = ours.encodeBatch(batch);
                ai.djl.huggingface.tokenizers.Encoding[] theirs = djl.batchEncode(batch);
                for (int k = 0; k < 8; k++) {
                    String d = Oracle.difference(mine.get(k), theirs[k], batch.get(k), null);
                    m.check(d);
                }
                PairList<String, String> pairs = new PairList<>();
                List<String> firsts = new ArrayList<>();
                List<String> seconds = new ArrayList<>();
                for (int k = 0; k < 8; k += 2) {
                    pairs.add(batch.get(k), batch.get(k + 1));
                    firsts.add(batch.get(k));
                    seconds.add(batch.get(k + 1));
                }
                List<Encoding> minePairs = ours.encodePairBatch(firsts, seconds);
                ai.djl.huggingface.tokenizers.Encoding[] theirPairs = djl.batchEncode(pairs);
                for (int k = 0; k < firsts.size(); k++) {
                    String d = Oracle.difference(minePairs.get(k), theirPairs[k], firsts.get(k), seconds.get(k));
                    m.check(d);
                }
            }
            m.assertNone("batch rows");
        }
    }

    @Test
    void everyCodePointMatchesWithUncasedSettings() {
        assertEveryCodePoint(BertTokenizer.uncased(), djlUncased, Character.MAX_CODE_POINT + 1);
    }

    @ParameterizedTest(name = "clean_text={0} chinese={1} strip_accents={2} lowercase={3}")
    @CsvSource(nullValues = "null", value = {
        "true, true, null, false",
        "true, true, true, false",
        "true, true, false, true",
        "false, false, null, true"})
    void everyCodePointOfTheFirstTwoPlanesMatchesWithOtherNormalizerSettings(boolean clean, boolean chinese,
                                                                            Boolean strip, boolean lowercase) {
        String json = Oracle.uncasedJson(clean, chinese, strip, lowercase);
        BertTokenizer ours = BertTokenizer.fromTokenizerJsonString(json);
        assertEquals(new NormalizerOptions(clean, chinese, strip, lowercase), ours.normalizerOptions());
        try (HuggingFaceTokenizer djl = Oracle.djl(json)) {
            assertEveryCodePoint(ours, djl, 0x20000);
            Mismatches m = new Mismatches();
            for (String text : corpus.subList(0, 3_000)) {
                String d = Oracle.difference(ours.encode(text), djl.encode(text), text, null);
                m.check(d);
            }
            m.assertNone("texts");
        }
    }

    private static void assertEveryCodePoint(BertTokenizer ours, HuggingFaceTokenizer djl, int end) {
        Mismatches m = new Mismatches();
        for (int cp = 0; cp < end; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            // The code point inside a word, alone, and after a word: joins, splits and drops all show.
            String c = Character.toString(cp);
            String text = "a" + c + "b " + c + " x" + c;
            String d = Oracle.difference(ours.encode(text), djl.encode(text), text, null);
            m.check(d == null ? null : String.format("U+%04X: %s", cp, d));
        }
        m.assertNone("code points");
    }

    @Test
    void decodeMatches() {
        BertTokenizer ours = BertTokenizer.uncased();
        Mismatches m = new Mismatches();
        for (String text : corpus.subList(0, 5_000)) {
            int[] ids = ours.encode(text).ids();
            long[] longIds = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                longIds[i] = ids[i];
            }
            for (boolean skip : new boolean[] {true, false}) {
                String expected = djlUncased.decode(longIds, skip);
                String actual = ours.decode(ids, skip);
                m.check(expected.equals(actual) ? null : "decode(skip=" + skip + ") of " + Oracle.escape(text)
                        + "\n  HF:   " + Oracle.escape(expected) + "\n  ours: " + Oracle.escape(actual));
            }
        }
        m.assertNone("decodes");
    }
}
