package io.github.distilbertj.api.scheduling;

import io.github.distilbertj.api.config.ModelPreloader;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Forward passes that are not requests. The Vector API kernels run orders of magnitude slower
 * until C2 has compiled them, so passes over batches of 1, 8 and 32 sentences get the hot loops
 * compiled before real requests need them. The first pass of a warm-up is one sequence of 5
 * tokens: it runs every kernel, and while they are still interpreted a pass costs more the more
 * tokens it has (first pass in a fresh JVM on the 2-core machine: 270 ms for 2 tokens, 480-580 ms
 * for 16), and it is what readiness waits for. Warm-ups run in three places: while
 * Spring starts ({@link ModelPreloader}, until the context asks for the model; readiness needs
 * its first pass, which proves the model works), else one pass on the inference thread before
 * readiness turns UP ({@link BatchScheduler}, when the model was loaded without the preloader),
 * and then, once the application is ready, whenever the inference thread has no request to run,
 * for {@link #IDLE_BUDGET_NANOS} ({@link BatchScheduler}: passes of one sentence, so a request
 * that arrives waits for one short pass at most).
 */
public final class Warmup {

    /** Budget of the warm-up that overlaps Spring's start-up in {@link ModelPreloader}. */
    public static final long PRELOAD_BUDGET_NANOS = 1_000_000_000L;
    /** Budget of the idle passes (wall time from the application's ready event). */
    public static final long IDLE_BUDGET_NANOS = 2_000_000_000L;
    public static final int MAX_PASSES = 60;
    private static final int[] BATCHES = {1, 8, 32};
    private static final String TEXT = "The model warms up with this sentence before the first request.";
    private static final String FIRST_TEXT = "Warm up.";

    private Warmup() {
    }

    /** Runs passes until {@code budgetNanos} has elapsed (at least one); returns how many ran. */
    public static int run(InferenceBackend backend, long budgetNanos) {
        return run(backend, budgetNanos, () -> false);
    }

    /**
     * Runs passes until {@code budgetNanos} has elapsed or {@code stop} says so (checked between
     * passes; at least one pass runs); returns how many ran.
     */
    public static int run(InferenceBackend backend, long budgetNanos, BooleanSupplier stop) {
        long deadline = System.nanoTime() + budgetNanos;
        int passes = 0;
        do {
            if (passes == 0) {
                pass(backend, FIRST_TEXT, 1);
            } else {
                pass(backend, BATCHES[(passes - 1) % BATCHES.length]);
            }
            passes++;
        } while (passes < MAX_PASSES && System.nanoTime() < deadline && !stop.getAsBoolean());
        return passes;
    }

    /** One forward pass over {@code sequences} copies of the warm-up sentence, and a pooling. */
    public static void pass(InferenceBackend backend, int sequences) {
        pass(backend, TEXT, sequences);
    }

    private static void pass(InferenceBackend backend, String text, int sequences) {
        Tokens t = backend.tokenize(text, null, true);
        int[][] ids = new int[sequences][];
        int[][] types = new int[sequences][];
        Arrays.fill(ids, t.ids());
        Arrays.fill(types, t.typeIds());
        float[][][] hidden = backend.forward(ids, types);
        backend.pool(hidden[0], true);
    }
}
