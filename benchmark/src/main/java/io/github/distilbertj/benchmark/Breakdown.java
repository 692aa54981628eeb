package io.github.distilbertj.benchmark;

import io.github.distilbertj.model.ForwardOp;
import io.github.distilbertj.model.ForwardProfile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where DistilBERT-J's time went in one row: mean milliseconds per call of each forward operation
 * ({@link ForwardOp}), the time the calling thread waited for the kernel workers (load imbalance and
 * hand-off), and the rest, from {@code Encoder.profileForward} right after the row was timed.
 *
 * @param op            the row's id
 * @param threads       kernel threads
 * @param calls         profiled calls the means are over
 * @param totalMs       mean milliseconds of a whole call
 * @param millis        operation name to mean milliseconds per call
 * @param waitMs        mean milliseconds per call the caller waited inside parallel kernels
 * @param handOffsPerCall parallel jobs handed to the workers per call
 */
public record Breakdown(String op, int threads, int calls, double totalMs, Map<String, Double> millis, double waitMs,
                        double handOffsPerCall) {

    static Breakdown of(String op, ForwardProfile p) {
        Map<String, Double> ms = new LinkedHashMap<>();
        p.millisPerCall().forEach((k, v) -> ms.put(name(k), v));
        ms.put("other", p.otherMillis());
        return new Breakdown(op, p.threads(), p.calls(), p.totalMillis(), ms, p.waitMillis(), p.parallelJobs());
    }

    static String name(ForwardOp op) {
        return op.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
