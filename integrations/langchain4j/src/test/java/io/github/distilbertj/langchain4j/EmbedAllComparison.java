package io.github.distilbertj.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.github.distilbertj.model.Encoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * LangChain4j {@code embedAll} of 256 mixed texts: this adapter on the built-in all-MiniLM-L6-v2 vs
 * LangChain4j's own in-process AllMiniLmL6V2EmbeddingModel (ONNX Runtime), same JVM, alternating rounds.
 * Not a unit test (no timing in tests): run it under the exclusive bench lock, see this module's README.
 *
 * <p>Args: [rounds=7] [threads=2]. Texts: 3-90 words (under 128 tokens, so both models see the same
 * tokens), deterministic; prints each round, the medians, the ratio and the smallest cosine between the
 * two models' vectors of the same text.
 */
public final class EmbedAllComparison {

    private static final String[] WORDS = ("the a of to and in is was for on that with as by at from it this be are "
            + "model encoder vector token sentence embedding java kernel matrix attention layer batch padding "
            + "quick brown fox jumps over lazy dog weather today tomorrow coffee programming language machine "
            + "learning neural network transformer university research paper results benchmark performance "
            + "memory thread processor cache latency throughput river mountain city music history garden").split(" ");

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<TextSegment> segments = texts(256, 42).stream().map(TextSegment::from).toList();
        try (Encoder encoder = Encoder.builtin(threads)) {
            EmbeddingModel ours = new DistilBertJEmbeddingModel(encoder, "all-MiniLM-L6-v2", null);
            EmbeddingModel theirs = new AllMiniLmL6V2EmbeddingModel();
            List<Embedding> a = ours.embedAll(segments).content();
            List<Embedding> b = theirs.embedAll(segments).content();
            double minCos = 1;
            for (int i = 0; i < a.size(); i++) {
                minCos = Math.min(minCos, cosine(a.get(i).vector(), b.get(i).vector()));
            }
            long[] oursNs = new long[rounds];
            long[] theirsNs = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                ours.embedAll(segments);
                long t1 = System.nanoTime();
                theirs.embedAll(segments);
                long t2 = System.nanoTime();
                oursNs[r] = t1 - t0;
                theirsNs[r] = t2 - t1;
                System.out.printf("round %d: distilbert-j %.1f ms, langchain4j %.1f ms%n", r, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            }
            double mo = median(oursNs) / 1e6;
            double mt = median(theirsNs) / 1e6;
            System.out.printf("embedAll(256 texts), median of %d: distilbert-j %.1f ms (%.0f texts/s), "
                            + "langchain4j AllMiniLmL6V2EmbeddingModel %.1f ms (%.0f texts/s): %.2fx; min cosine %.6f%n",
                    rounds, mo, 256 / mo * 1e3, mt, 256 / mt * 1e3, mt / mo, minCos);
        }
    }

    static List<String> texts(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Mixed: most texts are sentences (3-25 words), one in four a paragraph (40-90 words).
            int words = random.nextInt(4) == 0 ? 40 + random.nextInt(51) : 3 + random.nextInt(23);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < words; w++) {
                sb.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            out.add(sb.append('.').toString());
        }
        return out;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    private static double cosine(float[] x, float[] y) {
        double d = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            d += (double) x[i] * y[i];
            nx += (double) x[i] * x[i];
            ny += (double) y[i] * y[i];
        }
        return d / Math.sqrt(nx * ny);
    }
}
