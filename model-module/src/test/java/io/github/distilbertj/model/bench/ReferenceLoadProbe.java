package io.github.distilbertj.model.bench;

import io.github.distilbertj.model.Encoder;

import java.util.Arrays;

/**
 * Times {@code Encoder.load(reference, threads)} outside JMH (a load is a one-shot cost): each run opens the model
 * afresh and closes it. {@code ReferenceLoadProbe bert-base-uncased 2 5}.
 */
public final class ReferenceLoadProbe {
    private ReferenceLoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        String reference = args.length > 0 ? args[0] : "bert-base-uncased";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (Encoder encoder = Encoder.load(reference, threads)) {
                ms[i] = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("load %d of %s: %d ms (hidden %d, layers %d)%n", i + 1, reference, ms[i],
                        encoder.config().hiddenSize(), encoder.config().numLayers());
            }
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: median %d ms, min %d, max %d over %d loads%n", reference, sorted[runs / 2], sorted[0],
                sorted[runs - 1], runs);
    }
}
