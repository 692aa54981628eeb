package io.github.distilbertj.api.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic stand-in model for unit tests of batching, validation and metrics: one token
 * per whitespace-separated word (id = word length), [CLS]=1 and [SEP]=2 around, hidden state
 * {@code h[t][j] = id(t) + j}. It records every batch it sees and can hold forward passes until released.
 */
class FakeBackend implements InferenceBackend {

    static final int HIDDEN = 4;

    final List<int[]> batchLengths = Collections.synchronizedList(new ArrayList<>());
    final List<String> batchTasks = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile RuntimeException failure;

    @Override
    public ModelInfo info() {
        return new ModelInfo("fake", "bert", "float32", HIDDEN, 16, 100, "mean", List.of("NO", "YES"), true, "[MASK]", 3,
                java.util.Map.of("threads", 1));
    }

    @Override
    public Tokens tokenize(String first, String second, boolean addSpecialTokens) {
        String[] words = first.trim().split("\\s+");
        int n = words.length + (addSpecialTokens ? 2 : 0);
        int[] ids = new int[n];
        String[] tokens = new String[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean[] special = new boolean[n];
        int k = 0;
        if (addSpecialTokens) {
            ids[k] = 1;
            tokens[k] = "[CLS]";
            special[k++] = true;
        }
        for (String w : words) {
            ids[k] = w.equals("[MASK]") ? 3 : Math.min(99, 4 + w.length());
            tokens[k++] = w;
        }
        if (addSpecialTokens) {
            ids[k] = 2;
            tokens[k] = "[SEP]";
            special[k] = true;
        }
        return new Tokens(ids, new int[n], tokens, starts, ends, special);
    }

    @Override
    public Tokens tokenizeTruncated(String first, String second, int maxLength, TruncationDirection direction) {
        Tokens t = tokenize(first, second, true);
        return t.keep(maxLength, direction);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return java.util.Arrays.toString(ids);
    }

    @Override
    public String token(int id) {
        return "t" + id;
    }

    private void enter(String task, int[][] ids) {
        threads.add(Thread.currentThread().getName());
        int[] lengths = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            lengths[i] = ids[i].length;
        }
        batchLengths.add(lengths);
        batchTasks.add(task);
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public float[][][] forward(int[][] ids, int[][] typeIds) {
        enter("encode", ids);
        float[][][] out = new float[ids.length][][];
        for (int b = 0; b < ids.length; b++) {
            out[b] = new float[ids[b].length][HIDDEN];
            for (int t = 0; t < ids[b].length; t++) {
                for (int j = 0; j < HIDDEN; j++) {
                    out[b][t][j] = ids[b][t] + j;
                }
            }
        }
        return out;
    }

    @Override
    public float[] pool(float[][] hidden, boolean normalize) {
        float[] v = new float[HIDDEN];
        for (float[] row : hidden) {
            for (int j = 0; j < HIDDEN; j++) {
                v[j] += row[j] / hidden.length;
            }
        }
        if (normalize) {
            io.github.distilbertj.model.Pooling.normalize(v);
        }
        return v;
    }

    @Override
    public float[][] classify(int[][] ids, int[][] typeIds) {
        enter("classify", ids);
        float[][] out = new float[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            out[b] = new float[] {0, ids[b].length};
        }
        return out;
    }

    @Override
    public float[][][] maskedLm(int[][] ids, int[][] positions) {
        enter("fill_mask", ids);
        float[][][] out = new float[ids.length][][];
        for (int b = 0; b < ids.length; b++) {
            out[b] = new float[positions[b].length][100];
            for (int p = 0; p < positions[b].length; p++) {
                out[b][p][positions[b][p] + 10] = 5;
            }
        }
        return out;
    }

    /** Weight log1p(id) at index id of each token of the sequence. */
    @Override
    public float[][] splade(int[][] ids) {
        enter("sparse", ids);
        float[][] out = new float[ids.length][100];
        for (int b = 0; b < ids.length; b++) {
            for (int id : ids[b]) {
                out[b][id] = (float) Math.log1p(id);
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
