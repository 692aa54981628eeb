package io.github.distilbertj.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** The public API: template, truncation, padding, batches, offsets, decoding, vocabulary and bad input. */
class BertTokenizerTest {

    private static final BertTokenizer UNCASED = BertTokenizer.uncased();

    @Test
    void encodesWithTheBertTemplateAndCharOffsets() {
        Encoding e = UNCASED.encode("Hello, world!");
        assertArrayEquals(new String[] {"[CLS]", "hello", ",", "world", "!", "[SEP]"}, e.tokens());
        assertArrayEquals(new int[] {101, 7592, 1010, 2088, 999, 102}, e.ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, e.typeIds());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, e.attentionMask());
        assertArrayEquals(new int[][] {{0, 0}, {0, 5}, {5, 6}, {7, 12}, {12, 13}, {0, 0}}, e.offsets());
    }

    @Test
    void pairsGetTypeIdsAndOffsetsIntoTheirOwnText() {
        Encoding e = UNCASED.encode("Hello there", "General Kenobi!");
        assertArrayEquals(new String[] {"[CLS]", "hello", "there", "[SEP]", "general", "ken", "##ob", "##i", "!",
            "[SEP]"}, e.tokens());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, e.typeIds());
        assertArrayEquals(new int[][] {{0, 0}, {0, 5}, {6, 11}, {0, 0}, {0, 7}, {8, 11}, {11, 13}, {13, 14}, {14, 15},
            {0, 0}}, e.offsets());
    }

    @Test
    void emptyAndBlankTextsGiveOnlySpecialTokens() {
        assertArrayEquals(new int[] {101, 102}, UNCASED.encode("").ids());
        assertArrayEquals(new int[] {101, 102}, UNCASED.encode(" \t\n\u3000\u200B").ids());
        assertArrayEquals(new int[] {101, 102, 102}, UNCASED.encode("", "").ids());
    }

    @Test
    void addedTokensAreMatchedVerbatimInTheRawText() {
        Encoding e = UNCASED.encode("a[MASK]b [mask]");
        assertArrayEquals(new String[] {"[CLS]", "a", "[MASK]", "b", "[", "mask", "]", "[SEP]"}, e.tokens());
        assertArrayEquals(new int[] {1, 7}, e.offsets()[2]);
    }

    @Test
    void loneSurrogatesActLikeTheReplacementCharacterAndAreRemoved() {
        Encoding e = UNCASED.encode("a\uD800b \uDC00x");
        assertArrayEquals(new String[] {"[CLS]", "ab", "x", "[SEP]"}, e.tokens());
        assertArrayEquals(new int[][] {{0, 0}, {0, 3}, {5, 6}, {0, 0}}, e.offsets());
    }

    @Test
    void truncatesASingleTextOnTheRightKeepingSpecialTokens() {
        BertTokenizer t = UNCASED.withTruncation(5);
        Encoding e = t.encode("one two three four five six");
        assertArrayEquals(new String[] {"[CLS]", "one", "two", "three", "[SEP]"}, e.tokens());
        BertTokenizer left = UNCASED.withTruncation(new TruncationOptions(5, TruncationOptions.Strategy.LONGEST_FIRST,
                TruncationOptions.Direction.LEFT, 0));
        assertArrayEquals(new String[] {"[CLS]", "four", "five", "six", "[SEP]"}, left.encode("one two three four five six").tokens());
    }

    @Test
    void truncatesPairsLongestFirstLikeHf() {
        // HF's own truncation test table: {len A, len B, kept A, kept B} for a budget of 7 tokens, which is a
        // max length of 10 once the 3 special tokens are taken off.
        int[][] cases = {{0, 0, 0, 0}, {0, 2, 0, 2}, {0, 4, 0, 4}, {0, 8, 0, 7}, {2, 0, 2, 0}, {2, 2, 2, 2},
            {2, 4, 2, 4}, {2, 8, 2, 5}, {4, 0, 4, 0}, {4, 2, 4, 2}, {4, 4, 3, 4}, {4, 8, 3, 4}, {8, 0, 7, 0},
            {8, 2, 5, 2}, {8, 4, 4, 3}, {8, 8, 3, 4}};
        BertTokenizer t = UNCASED.withTruncation(10);
        for (int[] c : cases) {
            Encoding e = t.encode(words(c[0]), words(c[1]));
            assertEquals(c[2], count(e.typeIds(), 0) - 2, () -> Arrays.toString(c));
            assertEquals(c[3], count(e.typeIds(), 1) - 1, () -> Arrays.toString(c));
        }
    }

    @Test
    void onlyFirstAndOnlySecondTruncation() {
        BertTokenizer first = UNCASED.withTruncation(new TruncationOptions(8, TruncationOptions.Strategy.ONLY_FIRST,
                TruncationOptions.Direction.RIGHT, 0));
        Encoding e = first.encode(words(6), words(2));
        assertEquals(3, count(e.typeIds(), 0) - 2);
        assertEquals(2, count(e.typeIds(), 1) - 1);
        assertThrows(IllegalArgumentException.class, () -> first.encode(words(1), words(6)));
        BertTokenizer second = UNCASED.withTruncation(new TruncationOptions(8, TruncationOptions.Strategy.ONLY_SECOND,
                TruncationOptions.Direction.RIGHT, 0));
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> second.encode(words(9)));
        assertEquals("truncation only_second needs a pair of texts", single.getMessage());
    }

    @Test
    void truncationMustLeaveRoomForSpecialTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UNCASED.withTruncation(2));
        assertTrue(e.getMessage().contains("3 special tokens"), e.getMessage());
    }

    @Test
    void padsBatchesToTheLongestAndMasksThePadding() {
        BertTokenizer t = UNCASED.withPaddingToLongest();
        List<Encoding> batch = t.encodeBatch(List.of("a", "a b c", ""));
        for (Encoding e : batch) {
            assertEquals(5, e.length());
        }
        assertArrayEquals(new int[] {101, 1037, 102, 0, 0}, batch.get(0).ids());
        assertArrayEquals(new int[] {1, 1, 1, 0, 0}, batch.get(0).attentionMask());
        assertArrayEquals(new String[] {"[CLS]", "a", "[SEP]", "[PAD]", "[PAD]"}, batch.get(0).tokens());
        assertArrayEquals(new int[] {0, 0}, batch.get(0).offsets()[4]);
        assertEquals(3, t.encode("a").length(), "a single text is its own longest");
    }

    @Test
    void padsToFixedLengthToMultiplesAndOnTheLeft() {
        assertEquals(16, UNCASED.withPaddingToFixed(16).encode("a b").length());
        PaddingOptions multiple = new PaddingOptions(0, 8, 0, 0, "[PAD]", PaddingOptions.Direction.RIGHT);
        assertEquals(8, UNCASED.withPadding(multiple).encode("a b").length());
        assertEquals(16, UNCASED.withPadding(multiple).encode("a b c d e f g h").length());
        PaddingOptions left = new PaddingOptions(6, 0, 0, 0, "[PAD]", PaddingOptions.Direction.LEFT);
        Encoding e = UNCASED.withPadding(left).encode("a b");
        assertArrayEquals(new int[] {0, 0, 101, 1037, 1038, 102}, e.ids());
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 1}, e.attentionMask());
        assertArrayEquals(new int[] {0, 1}, e.offsets()[3]);
        // Longer than the fixed length: left as is, as in HF.
        assertEquals(7, UNCASED.withPaddingToFixed(4).encode("a b c d e").length());
    }

    @Test
    void truncationAndPaddingTogether() {
        BertTokenizer t = UNCASED.withTruncation(6).withPaddingToFixed(6);
        assertEquals(6, t.encode(words(20)).length());
        assertEquals(6, t.encode("a").length());
        assertEquals(6, t.truncation().maxLength());
        assertEquals(null, t.withoutTruncation().withoutPadding().truncation());
    }

    @Test
    void pairBatchesMatchSingleEncodes() {
        List<Encoding> batch = UNCASED.encodePairBatch(List.of("a", "b c"), List.of("d e", "f"));
        assertEquals(UNCASED.encode("a", "d e"), batch.get(0));
        assertEquals(UNCASED.encode("b c", "f"), batch.get(1));
        assertThrows(IllegalArgumentException.class, () -> UNCASED.encodePairBatch(List.of("a"), List.of()));
    }

    @Test
    void decodesLikeTheWordPieceDecoder() {
        int[] ids = UNCASED.encode("Hello, world! I don't know.").ids();
        // HF cleans up each token separately, so the apostrophe keeps its spaces.
        assertEquals("hello, world! i don ' t know.", UNCASED.decode(ids));
        assertEquals("[CLS] hello, world! i don ' t know. [SEP]", UNCASED.decode(ids, false));
        assertEquals("unaffable", UNCASED.decode(UNCASED.encode("unaffable").ids()));
        assertEquals(" don't", WordPieceDecoder.cleanup(" do not"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UNCASED.decode(new int[] {5, 40000}));
        assertEquals("ids[1] = 40000 is not a token id (vocabulary size 30522)", e.getMessage());
    }

    @Test
    void theBuiltInTokenizerIsSharedAndMatchesTheShippedVocabulary() throws Exception {
        org.junit.jupiter.api.Assertions.assertSame(UNCASED, BertTokenizer.uncased());
        try (var in = BertTokenizer.class.getResourceAsStream("vocab.txt")) {
            String sha = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            assertEquals("07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3", sha);
        }
    }

    @Test
    void vocabularyAndSpecialIds() {
        assertEquals(30522, UNCASED.vocabSize());
        assertEquals(7592, UNCASED.tokenToId("hello"));
        assertEquals("hello", UNCASED.idToToken(7592));
        assertEquals(-1, UNCASED.tokenToId("not-a-token"));
        assertEquals(null, UNCASED.idToToken(-1));
        assertEquals(101, UNCASED.clsId());
        assertEquals(102, UNCASED.sepId());
        assertEquals(0, UNCASED.padId());
        assertEquals(100, UNCASED.unkId());
        assertEquals(103, UNCASED.maskId());
    }

    @Test
    void theSharedVocabTxtGivesTheSameTokenizer() throws Exception {
        Path vocab = Path.of(System.getProperty("shared.dir", "/work/shared"), "data", "bert-base-uncased", "vocab.txt");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(vocab), "shared vocab not present");
        BertTokenizer fromFile = BertTokenizer.fromVocab(vocab);
        for (String text : ParityCorpus.texts(3, 300)) {
            assertEquals(UNCASED.encode(text), fromFile.encode(text));
        }
    }

    @Test
    void nullInputsAreRejectedWithTheirName() {
        NullPointerException single = assertThrows(NullPointerException.class, () -> UNCASED.encode(null));
        assertEquals("text must not be null", single.getMessage());
        NullPointerException second = assertThrows(NullPointerException.class, () -> UNCASED.encode("a", null));
        assertEquals("second must not be null", second.getMessage());
        List<String> withNull = new ArrayList<>(List.of("a"));
        withNull.add(null);
        NullPointerException batch = assertThrows(NullPointerException.class, () -> UNCASED.encodeBatch(withNull));
        assertEquals("texts[1] must not be null", batch.getMessage());
        assertThrows(NullPointerException.class, () -> UNCASED.decode(null));
    }

    @Test
    void resultsAreImmutable() {
        Encoding e = UNCASED.encode("hello");
        int[] ids = e.ids();
        ids[1] = 0;
        e.offsets()[1][0] = 99;
        assertNotSame(ids, e.ids());
        assertEquals(7592, e.id(1));
        assertEquals(0, e.start(1));
    }

    @Test
    void tenMegabytesOfTextTokenizeInOnePass() {
        StringBuilder sb = new StringBuilder(10_500_000);
        List<String> corpus = ParityCorpus.texts(11, 2_000);
        int i = 0;
        while (sb.length() < 10_000_000) {
            sb.append(corpus.get(i++ % corpus.size())).append('\n');
        }
        String text = sb.toString();
        Encoding e = UNCASED.encode(text);
        assertTrue(e.length() > 1_000_000, "tokens: " + e.length());
        assertTrue(e.end(e.length() - 2) <= text.length() && e.end(e.length() - 2) > text.length() - 100);
        // One 10 MB word: a single [UNK] spanning it.
        String word = "a".repeat(10_000_000);
        Encoding w = UNCASED.encode(word);
        assertArrayEquals(new int[] {101, 100, 102}, w.ids());
        assertArrayEquals(new int[] {0, 10_000_000}, w.offsets()[1]);
        // Ten megabytes of punctuation: one token per char.
        assertEquals(2_000_002, UNCASED.encode(",".repeat(2_000_000)).length());
    }

    @Test
    void isThreadSafe() throws Exception {
        List<String> texts = ParityCorpus.texts(5, 2_000);
        List<Encoding> expected = texts.stream().map(UNCASED::encode).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int k = 0; k < texts.size(); k++) {
                        if (!UNCASED.encode(texts.get(k)).equals(expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("w").append(' ');
        }
        return sb.toString();
    }

    private static int count(int[] values, int value) {
        int n = 0;
        for (int v : values) {
            if (v == value) {
                n++;
            }
        }
        return n;
    }
}
