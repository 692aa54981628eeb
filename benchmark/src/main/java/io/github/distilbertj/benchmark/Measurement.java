package io.github.distilbertj.benchmark;

import java.util.Map;

/**
 * One report row: an operation at one thread count, every contender's latency and, for the
 * forward rows, achieved GFLOP/s and DistilBERT-J's fraction of the measured FMA peak.
 *
 * @param threads          0 when the thread count does not apply (tokenizers)
 * @param latency          contender name to its latency, in table order
 * @param fastestPeer      the peer with the lowest median (null if DistilBERT-J ran alone)
 * @param ratioToFastestPeer DistilBERT-J median / fastest peer median (above 1: we are slower)
 * @param gflops           contender name to achieved GFLOP/s (forward and embedding rows only)
 * @param peakFraction     DistilBERT-J GFLOP/s / measured FMA peak at this thread count
 */
public record Measurement(String op, String label, String kind, int threads, Map<String, Stats> latency,
                          String fastestPeer, Double ratioToFastestPeer, Double flops,
                          Map<String, Double> gflops, Double peakFraction) {

    /** This row with DistilBERT-J's fraction of {@code peakGflops} (rows without FLOPs are returned as they are). */
    Measurement withPeak(Map<Integer, Double> peakGflops) {
        if (gflops.isEmpty() || !peakGflops.containsKey(threads)) {
            return this;
        }
        return new Measurement(op, label, kind, threads, latency, fastestPeer, ratioToFastestPeer, flops, gflops,
                gflops.get(SideBySide.OURS) / peakGflops.get(threads));
    }
}
