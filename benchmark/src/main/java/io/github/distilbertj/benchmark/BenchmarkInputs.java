package io.github.distilbertj.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The inputs every contender gets, from a fixed seed. Token ids are [CLS] random-word-pieces [SEP]
 * with a full attention mask. Sentences are lowercase ASCII (words, commas, full stops) so that
 * the hand-written Python WordPiece of the PyTorch side tokenizes them exactly like BERT's uncased
 * tokenizer; the parity check verifies that all three tokenizers agree.
 */
public final class BenchmarkInputs {

    static final int CLS = 101;
    static final int SEP = 102;
    /** First id after [PAD], [unused*], [UNK], [CLS], [SEP], [MASK] and the single characters of bert-base-uncased. */
    static final int FIRST_WORD_ID = 1996;
    static final int VOCAB = 30522;

    private static final String[] WORDS = ("the a of to and in is was for on that with as by at from it this be are "
            + "model encoder vector token sentence embedding java kernel matrix attention layer batch padding quick "
            + "brown fox jumps over lazy dog weather today tomorrow coffee programming language machine learning "
            + "neural network transformer distillation university research paper results benchmark performance "
            + "memory thread processor cache latency throughput unbelievably internationalization tokenization "
            + "misunderstanding hello world goodbye search engine query document retrieval similarity cosine "
            + "question answer library runtime native code fast small cheap light").split(" ");

    private final long seed;

    public BenchmarkInputs(long seed) {
        this.seed = seed;
    }

    /** {@code batch} rows of {@code seq} ids, the same for a given (seed, batch, seq). */
    public int[][] ids(int batch, int seq) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + batch * 1009L + seq);
        int[][] ids = new int[batch][seq];
        for (int[] row : ids) {
            row[0] = CLS;
            for (int t = 1; t < seq - 1; t++) {
                row[t] = FIRST_WORD_ID + random.nextInt(VOCAB - FIRST_WORD_ID);
            }
            row[seq - 1] = SEP;
        }
        return ids;
    }

    public static int[][] fullMask(int batch, int seq) {
        int[][] mask = new int[batch][seq];
        for (int[] row : mask) {
            java.util.Arrays.fill(row, 1);
        }
        return mask;
    }

    /**
     * {@code count} passages of a real English text (the Apache License 2.0, shipped as a resource), each
     * starting at a random word and as long as fits a random target of 5 to 500 tokens (with [CLS] and [SEP],
     * as {@code tokenizer} counts them), in random order: the lengths a retrieval corpus's chunks have.
     */
    public List<String> mixedTexts(int count, java.util.function.ToIntFunction<String> tokens) throws java.io.IOException {
        String corpus;
        try (java.io.InputStream in = BenchmarkInputs.class.getResourceAsStream("/corpus/apache-license-2.0.txt")) {
            if (in == null) {
                throw new java.io.FileNotFoundException("corpus/apache-license-2.0.txt is not on the class path");
            }
            corpus = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String[] words = corpus.trim().split("\\s+");
        SplittableRandom random = new SplittableRandom(seed + 77);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int target = 5 + random.nextInt(496);
            int w = random.nextInt(words.length);
            StringBuilder sb = new StringBuilder(words[w]);
            while (true) {
                String next = sb + " " + words[(++w) % words.length];
                if (tokens.applyAsInt(next) > target) {
                    break;
                }
                sb.setLength(0);
                sb.append(next);
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** {@code count} sentences of 6 to 60 words. */
    public List<String> sentences(int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int words = 6 + random.nextInt(55);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    sb.append(random.nextInt(9) == 0 ? " , " : " ");
                }
                sb.append(WORDS[random.nextInt(WORDS.length)]);
            }
            out.add(sb.append(" .").toString());
        }
        return out;
    }
}
