package io.github.distilbertj.benchmark;

import java.util.Arrays;

/** The gate before any timing: contenders must compute the same thing on the benchmark inputs. */
public final class ParityCheck {

    private ParityCheck() {
    }

    /** Thrown when two contenders disagree; the benchmark stops rather than time different work. */
    public static final class ParityException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ParityException(String message) {
            super(message);
        }
    }

    /** Max |a - b| over two equally shaped arrays; throws if the shapes differ or a value is NaN. */
    public static double maxAbsDiff(String what, float[] a, float[] b) {
        if (a.length != b.length) {
            throw new ParityException(what + ": " + a.length + " values vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                throw new ParityException(what + ": NaN at flat index " + i);
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** Checks {@code maxAbsDiff <= tolerance} and returns the difference. */
    public static double require(String what, float[] a, float[] b, double tolerance) {
        double d = maxAbsDiff(what, a, b);
        if (!(d <= tolerance)) {
            throw new ParityException(String.format(
                    "%s: max abs diff %.3g exceeds %.1g; the contenders do not compute the same outputs, so nothing is timed",
                    what, d, tolerance));
        }
        return d;
    }

    /**
     * The smallest cosine similarity between matching rows of width {@code width} (a token's hidden state, a text's
     * embedding), and throws if it is below {@code minCosine}: the check for contenders that compute the same thing
     * at a lower precision (BF16/INT8 weights, an int8 model), where an absolute tolerance would say nothing.
     */
    public static double requireCosine(String what, float[] a, float[] b, int width, double minCosine) {
        if (a.length != b.length || width <= 0 || a.length % width != 0) {
            throw new ParityException(what + ": " + a.length + " values vs " + b.length + " (rows of " + width + ")");
        }
        double min = 1;
        for (int r = 0; r < a.length; r += width) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int i = r; i < r + width; i++) {
                dot += (double) a[i] * b[i];
                na += (double) a[i] * a[i];
                nb += (double) b[i] * b[i];
            }
            double cos = dot / Math.sqrt(na * nb);
            if (Double.isNaN(cos)) {
                throw new ParityException(what + ": NaN cosine at row " + r / width);
            }
            min = Math.min(min, cos);
        }
        if (!(min >= minCosine)) {
            throw new ParityException(String.format(
                    "%s: smallest cosine %.6f is below %.4f; the contenders do not compute the same outputs, so nothing is timed",
                    what, min, minCosine));
        }
        return min;
    }

    /** Token ids must be identical. */
    public static void requireSameIds(String what, int[][] a, int[][] b) {
        if (a.length != b.length) {
            throw new ParityException(what + ": " + a.length + " sequences vs " + b.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Arrays.equals(a[i], b[i])) {
                throw new ParityException(what + ": sequence " + i + " differs:\n  " + Arrays.toString(a[i])
                        + "\n  " + Arrays.toString(b[i]));
            }
        }
    }

    public static float[] flatten(float[][][] x) {
        int n = 0;
        for (float[][] s : x) {
            for (float[] t : s) {
                n += t.length;
            }
        }
        float[] out = new float[n];
        int p = 0;
        for (float[][] s : x) {
            for (float[] t : s) {
                System.arraycopy(t, 0, out, p, t.length);
                p += t.length;
            }
        }
        return out;
    }

    public static float[] flatten(float[][] x) {
        return flatten(new float[][][] {x});
    }
}
