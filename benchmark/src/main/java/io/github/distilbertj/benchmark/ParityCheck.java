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
