package io.github.distilbertj.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic test sentences: varied lengths (1 to ~120 words), punctuation, digits, accents,
 * CJK, emoji and other scripts, so parity tests cover the tokenizer's hard cases too.
 */
final class SentenceGenerator {
    private static final String[] WORDS = ("the a an of to and in is was for on that with as by at from it this be are "
            + "model encoder vector token sentence embedding java kernel matrix attention layer batch padding "
            + "quick brown fox jumps over lazy dog weather today tomorrow coffee programming language machine "
            + "learning neural network transformer distillation university research paper results benchmark "
            + "performance memory thread processor cache latency throughput unbelievably antidisestablishment "
            + "internationalization tokenization misunderstanding x y z ok hello world goodbye").split(" ");
    private static final String[] EXOTIC = {"café", "naïve", "Ünïcödé", "résumé", "São", "Zürich", "東京", "日本語",
            "北京大学", "😀", "🚀🔥", "Ελληνικά", "русский", "עברית", "العربية", "हिन्दी", "한국어", "ﬁne", "Ⅻ", "x²",
            "e.g.", "U.S.A.", "3.14159", "1,000,000", "#hashtag", "@user", "C++", "don't", "it's", "—", "…",
            "\u00A0nbsp", "tab\there", "new\nline"};
    private static final String[] PUNCT = {".", ",", "!", "?", ";", ":", " -", " (", ")", "\"", "'", "...", ""};

    private final SplittableRandom random;

    SentenceGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    String next(int maxWords) {
        int words = 1 + random.nextInt(maxWords);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            String w = random.nextInt(8) == 0 ? EXOTIC[random.nextInt(EXOTIC.length)] : WORDS[random.nextInt(WORDS.length)];
            if (i == 0 || random.nextInt(10) == 0) {
                w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
            }
            sb.append(w);
            if (random.nextInt(5) == 0) {
                sb.append(PUNCT[random.nextInt(PUNCT.length)]);
            }
        }
        return sb.append(PUNCT[random.nextInt(3)]).toString();
    }

    List<String> sentences(int count, int maxWords) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next(maxWords));
        }
        return out;
    }
}
