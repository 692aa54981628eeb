package io.github.distilbertj.model.bench;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.tokenizer.Encoding;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tuning probe (not a JMH benchmark): where the time of one built-in MiniLM sentence embedding goes.
 * Alternates {@code embed}, the tokenizer alone and {@code forward} alone on the same sentence as
 * {@link MiniLmEmbedBenchmark} (or the given text), back to back, and prints the median of each:
 * {@code EmbedProbe threads [calls [pauseMicros [text]]]}. A pause (slept before each round) with the service
 * probe's sentence gives the in-process figure api-module's RawLatencyProbe is compared with.
 * {@code -Dhandoff=true} runs each embed on a thread of its own that the caller hands it to and waits for, as the
 * service's inference thread does, to tell the cost of that hand-off from the rest of the service.
 */
public final class EmbedProbe {
    private EmbedProbe() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long pauseMicros = args.length > 2 ? Long.parseLong(args[2]) : 0;
        String text = args.length > 3 ? args[3] : MiniLmEmbedBenchmark.SENTENCE;
        boolean handoff = Boolean.getBoolean("handoff");
        try (Encoder encoder = Encoder.builtin(threads);
                ExecutorService inference = Executors.newSingleThreadExecutor()) {
            Encoding e = encoder.tokenizer().encode(text);
            int[][] ids = {e.ids()};
            int[][] mask = {e.attentionMask()};
            long[] embed = new long[calls];
            long[] tokenize = new long[calls];
            long[] forward = new long[calls];
            for (int i = -calls; i < calls; i++) { // the first half warms up
                if (pauseMicros > 0) {
                    Thread.sleep(pauseMicros / 1000, (int) (pauseMicros % 1000) * 1000);
                }
                long t0 = System.nanoTime();
                if (handoff) {
                    inference.submit(() -> encoder.embed(text)).get();
                } else {
                    encoder.embed(text);
                }
                long t1 = System.nanoTime();
                encoder.tokenizer().encode(text);
                long t2 = System.nanoTime();
                encoder.forward(ids, mask);
                long t3 = System.nanoTime();
                if (i >= 0) {
                    embed[i] = t1 - t0;
                    tokenize[i] = t2 - t1;
                    forward[i] = t3 - t2;
                }
            }
            System.out.printf("MiniLM, %d tokens, %d thread(s), %d us pause%s, median of %d: embed %.3f ms (mean %.3f),"
                    + " tokenize %.3f ms, forward %.3f ms%n", ids[0].length, threads, pauseMicros,
                    handoff ? ", embed handed to a thread" : "", calls, median(embed), mean(embed), median(tokenize),
                    median(forward));
        }
    }

    /** Mean of nanosecond timings, in ms (other modules' probes use it too). */
    public static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0) / 1e6;
    }

    /** Median of nanosecond timings, in ms. */
    public static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }
}
