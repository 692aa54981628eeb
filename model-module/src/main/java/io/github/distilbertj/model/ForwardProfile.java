package io.github.distilbertj.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the time of a forward pass goes: milliseconds per call for each {@link ForwardOp}, the whole call,
 * and how long the calling thread waited at the end of parallel kernels for the other threads (imbalance and
 * hand-off). Wall times on the calling thread: with several threads an op's time is its elapsed time.
 *
 * @param threads        kernel threads (the caller included)
 * @param calls          how many calls the averages are over
 * @param millisPerCall  op to mean milliseconds per call, in forward order
 * @param totalMillis    mean milliseconds of a whole call
 * @param waitMillis     mean milliseconds per call the caller waited for workers inside parallel kernels
 * @param parallelJobs   mean parallel jobs per call (each is one hand-off to the workers)
 */
public record ForwardProfile(int threads, int calls, Map<ForwardOp, Double> millisPerCall, double totalMillis,
                             double waitMillis, double parallelJobs) {
    public ForwardProfile {
        millisPerCall = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(millisPerCall));
    }

    /** The time not attributed to any op (copying inputs and outputs, loop overhead). */
    public double otherMillis() {
        double sum = millisPerCall.values().stream().mapToDouble(Double::doubleValue).sum();
        return Math.max(0, totalMillis - sum);
    }
}
