package io.github.distilbertj.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test texts: mixed lengths, one far past the model's 512 tokens, an empty one and nulls. */
final class Texts {

    private Texts() {
    }

    static String longText() {
        return String.join(" ", Collections.nCopies(700, "tokenization"));   // ~2,100 word pieces
    }

    static List<String> mixed(int count) {
        String[] words = "the quick brown fox jumps over a lazy dog while spark runs embeddings on every executor core"
                .split(" ");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder("Document ").append(i);
            for (int w = 0; w < 3 + (i * 7) % 40; w++) {
                b.append(' ').append(words[(i + w * 3) % words.length]);
            }
            texts.add(b.append('.').toString());
        }
        texts.add("");
        texts.add(longText());
        return texts;
    }
}
