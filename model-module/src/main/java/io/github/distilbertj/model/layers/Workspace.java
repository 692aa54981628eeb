package io.github.distilbertj.model.layers;

import io.github.distilbertj.model.ForwardOp;

/**
 * Activation buffers of one forward pass, sized for the largest batch seen so far and reused
 * (they only grow), so the hot path allocates nothing but its result. One workspace serves one
 * call at a time: the {@link Encoder} owns one and serialises calls on it.
 */
public final class Workspace {
    private final int hidden;
    private final int intermediate;

    /** [tokens, hidden]: the residual stream; holds the last hidden state after a forward. */
    public float[] hiddenStates = new float[0];
    /** [tokens, 3 * hidden]: fused Q, K, V projections. */
    float[] qkv = new float[0];
    /** [tokens, hidden]: attention context, per-head outputs side by side. */
    public float[] context = new float[0];
    /** [tokens, hidden]: attention block output (after its LayerNorm). */
    public float[] attentionOutput = new float[0];
    /** [tokens, intermediate]: feed-forward hidden layer. */
    public float[] intermediateStates = new float[0];
    /** How many sequences the current batch holds, and their concatenated token count. */
    public int sequences;
    public int tokens;
    /** [sequences + 1]: sequence b occupies token rows [starts[b], starts[b+1]). */
    public int[] starts = new int[1];
    /** [tokens]: the batch's ids, token types and attention mask, sequences back to back (no padding). */
    public int[] ids = new int[0];
    public int[] typeIds = new int[0];
    public int[] mask = new int[0];
    /** Per-op nanoseconds of a profiled run, or null (the normal case: nothing is timed). */
    public long[] opNanos;
    /** One row, for embedding lookups from mapped tables. */
    public final float[] row;
    /** Whether every Linear's input is quantized per call to uint8 first ({@link DynamicQuantization}). */
    private final boolean quantizeInputs;
    /** [tokens, hidden]: the quantized copy of an input that is also a residual, when inputs are quantized. */
    private float[] quantized = new float[0];

    public Workspace(int hidden, int intermediate) {
        this(hidden, intermediate, false);
    }

    /** {@code quantizeInputs}: quantize every Linear's input per call and sequence as ONNX Runtime's int8 graphs do. */
    public Workspace(int hidden, int intermediate, boolean quantizeInputs) {
        this.hidden = hidden;
        this.intermediate = intermediate;
        this.row = new float[hidden];
        this.quantizeInputs = quantizeInputs;
    }

    /**
     * The input to give a Linear for activations {@code x} ([tokens, width]): {@code x} itself, or when inputs are
     * quantized, its quantized values, written over {@code x} when {@code overwrite} (x is not needed afterwards)
     * or else into a scratch buffer (x is a residual too, which stays fp32 as in the ONNX graphs).
     */
    public float[] linearInput(float[] x, int width, boolean overwrite) {
        if (!quantizeInputs) {
            return x;
        }
        float[] dst = x;
        if (!overwrite) {
            if (width != hidden) {
                throw new IllegalArgumentException("the scratch buffer holds hidden-size rows, got width " + width);
            }
            if (quantized.length < hiddenStates.length) {
                quantized = new float[hiddenStates.length];
            }
            dst = quantized;
        }
        DynamicQuantization.apply(x, dst, width, starts, sequences);
        return dst;
    }

    /** Now, when this run is profiled (0 otherwise): the start of the next {@link #lap}. */
    public long clock() {
        return opNanos == null ? 0 : System.nanoTime();
    }

    /** Charges the time since {@code since} to op and returns now (0 when not profiling). */
    public long lap(ForwardOp op, long since) {
        if (opNanos == null) {
            return 0;
        }
        long now = System.nanoTime();
        opNanos[op.ordinal()] += now - since;
        return now;
    }

    /** Sizes the buffers for a batch of {@code sequences} sequences holding {@code tokens} tokens in all. */
    public void begin(int sequences, int tokens) {
        if (starts.length < sequences + 1) {
            starts = new int[Math.max(sequences + 1, starts.length * 2)];
        }
        ensure(tokens);
        this.sequences = sequences;
        this.tokens = tokens;
    }

    public void ensure(int tokens) {
        if (ids.length >= tokens) {
            return;
        }
        // Grow with headroom so a slowly growing batch does not reallocate every call.
        int cap = Math.max(tokens, ids.length + ids.length / 2);
        hiddenStates = new float[cap * hidden];
        qkv = new float[cap * 3 * hidden];
        context = new float[cap * hidden];
        attentionOutput = new float[cap * hidden];
        intermediateStates = new float[cap * intermediate];
        ids = new int[cap];
        typeIds = new int[cap];
        mask = new int[cap];
    }
}
