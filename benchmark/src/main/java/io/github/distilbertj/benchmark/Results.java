package io.github.distilbertj.benchmark;

import java.util.List;
import java.util.Map;

/**
 * Everything one run measured: what the JSON file holds and the report and chart are made from.
 *
 * @param fmaPeakGflops   per thread count, the higher of the two FMA-peak measurements
 * @param fmaPeakSamples  the measurements themselves, "start" and "end" of the run: other processes
 *                        on the machine can only lower a measurement, so the higher one is used
 * @param breakdown       DistilBERT-J's time per forward operation in the forward and mixed rows (null in
 *                        results written before it existed)
 */
public record Results(String date, String startedUtc, String mode, String command, double wallSeconds,
                      Map<String, Object> machine, Map<Integer, Double> fmaPeakGflops,
                      Map<String, Map<Integer, Double>> fmaPeakSamples,
                      List<ParityRecord> parity, List<Measurement> measurements, List<Breakdown> breakdown) {
}
