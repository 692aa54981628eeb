package io.github.distilbertj.benchmark;

/** One passed parity check, kept in the results so a reader sees what was compared. */
public record ParityRecord(String op, int threads, String pair, double maxAbsDiff, double tolerance) {
}
