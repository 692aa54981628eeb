package io.github.distilbertj.spark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's documents, deterministic: 50% short (8-20 words), 40% medium (21-80 words),
 * 10% long (81-200 words) of common English words, about 1.2-1.4 WordPiece tokens per word
 * (mean about 44 words, 60 tokens). The same distribution the sizing table in README.md assumes.
 */
public final class ThroughputCorpus {

    private static final String[] WORDS = ("the of and to in is was for on that with as by it at from his an were are which "
            + "this be or has had have not but first one their its new after who they two her she been other when there "
            + "all during into school time may years more most only over city some world would where later up such used "
            + "many can state about national out known university united then made season team american film between "
            + "under well both three part government series year music people company war released since number area "
            + "county group early because through against album including became until history around music river "
            + "model data embedding search document vector index query cluster executor partition batch token").split(" ");

    private ThroughputCorpus() {
    }

    /** One-sentence inputs of 9-13 words, like the service's load test (api-module/load/embed.lua). */
    public static List<String> sentences(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int words = random.nextInt(9, 14);
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < words; w++) {
                b.append(w > 0 ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
            }
            docs.add(b.append('.').toString());
        }
        return docs;
    }

    public static List<String> documents(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int bucket = random.nextInt(10);
            int words = bucket < 5 ? random.nextInt(8, 21) : bucket < 9 ? random.nextInt(21, 81) : random.nextInt(81, 201);
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    b.append(w % 12 == 11 ? ", " : " ");
                }
                b.append(WORDS[random.nextInt(WORDS.length)]);
            }
            docs.add(b.append('.').toString());
        }
        return docs;
    }
}
