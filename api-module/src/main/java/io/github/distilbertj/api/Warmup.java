package io.github.distilbertj.api;

import java.util.Arrays;

/**
 * Forward passes before serving. The Vector API kernels run orders of magnitude slower until
 * C2 has compiled them, so the first requests would otherwise pay for the JIT; a few passes over
 * batches of 1, 8 and 32 short sequences get the hot loops compiled. One pass always runs (it
 * proves the model works); more run while the time budget lasts.
 */
final class Warmup {

    /** Budget of the warm-up that overlaps Spring's start-up in {@link ModelPreloader}. */
    static final long PRELOAD_BUDGET_NANOS = 1_000_000_000L;
    private static final int MAX_PASSES = 60;
    private static final int[] BATCHES = {1, 8, 32};

    private Warmup() {
    }

    /** Runs passes until {@code budgetNanos} has elapsed (at least one); returns how many ran. */
    static int run(InferenceBackend backend, long budgetNanos) {
        Tokens t = backend.tokenize("The model warms up with this sentence before the first request.", null, true);
        long deadline = System.nanoTime() + budgetNanos;
        int passes = 0;
        do {
            int n = BATCHES[passes % BATCHES.length];
            int[][] ids = new int[n][];
            int[][] types = new int[n][];
            Arrays.fill(ids, t.ids());
            Arrays.fill(types, t.typeIds());
            float[][][] hidden = backend.forward(ids, types);
            backend.pool(hidden[0], true);
            passes++;
        } while (passes < MAX_PASSES && System.nanoTime() < deadline);
        return passes;
    }
}
