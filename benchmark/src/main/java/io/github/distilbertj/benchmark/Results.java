package io.github.distilbertj.benchmark;

import java.util.List;
import java.util.Map;

/** Everything one run measured: what the JSON file holds and the report and chart are made from. */
public record Results(String date, String startedUtc, String mode, String command, double wallSeconds,
                      Map<String, Object> machine, Map<Integer, Double> fmaPeakGflops,
                      List<ParityRecord> parity, List<Measurement> measurements) {
}
