package io.github.distilbertj.benchmark;

import java.util.Arrays;

/** Latency summary of one contender on one operation: nearest-rank median and p90 of the runs. */
public record Stats(int runs, double medianMs, double p90Ms, double minMs, double maxMs) {

    public static Stats of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no runs");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.9)),
                ms(sorted[0]), ms(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile of a sorted array (the median of an even count is the mean of the middle two). */
    static double percentile(long[] sorted, double p) {
        if (p == 0.5 && sorted.length % 2 == 0) {
            return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }
}
