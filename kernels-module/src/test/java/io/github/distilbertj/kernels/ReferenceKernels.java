package io.github.distilbertj.kernels;

/**
 * Plain scalar twins of every kernel, in double precision, used only by tests. Each returns what the
 * kernel should produce; SGEMM also returns an error bound scale (sum of |a*w| per output).
 */
final class ReferenceKernels {
    private ReferenceKernels() {
    }

    /** Result of a reference linear layer: expected outputs [m][n] and sum |a*w| + |bias| + |r| per output. */
    record LinearResult(double[][] value, double[][] magnitude) {
    }

    /** w is row-major [n][k] at w[j*k + p]. */
    static LinearResult linear(float[] a, int aOff, int lda, int m, float[] w, int n, int k, float[] bias,
                               Epilogue ep, float[] residual, int rOff, int ldr) {
        double[][] value = new double[m][n];
        double[][] magnitude = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    double prod = (double) a[aOff + i * lda + p] * w[j * k + p];
                    s += prod;
                    mag += Math.abs(prod);
                }
                if (ep != Epilogue.NONE) {
                    s += bias[j];
                    mag += Math.abs(bias[j]);
                }
                switch (ep) {
                    case BIAS_GELU -> s = gelu(s);
                    case BIAS_RELU -> s = Math.max(0, s);
                    case BIAS_RESIDUAL -> {
                        double r = residual[rOff + i * ldr + j];
                        s += r;
                        mag += Math.abs(r);
                    }
                    default -> {
                    }
                }
                value[i][j] = s;
                magnitude[i][j] = mag;
            }
        }
        return new LinearResult(value, magnitude);
    }

    /** erf in double: Taylor series near 0, continued fraction for erfc in the tails; ~1e-14 accurate. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 2.5) {
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated backwards.
            double f = ax;
            for (int n = 120; n >= 1; n--) {
                f = ax + (n / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    static double[] layerNormRow(float[] x, int xi, int cols, float[] gamma, float[] beta, float eps) {
        double mean = 0;
        for (int j = 0; j < cols; j++) {
            mean += x[xi + j];
        }
        mean /= cols;
        double var = 0;
        for (int j = 0; j < cols; j++) {
            double d = x[xi + j] - mean;
            var += d * d;
        }
        var /= cols;
        double inv = 1 / Math.sqrt(var + eps);
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            out[j] = (x[xi + j] - mean) * inv * gamma[j] + beta[j];
        }
        return out;
    }

    /** Masked softmax as PyTorch: masked positions set to -huge, so a fully masked row is uniform. */
    static double[] softmax(double[] logits, int[] mask, int maskOff) {
        int n = logits.length;
        double[] z = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            boolean keep = mask == null || mask[maskOff + i] != 0;
            z[i] = keep ? logits[i] : -Float.MAX_VALUE;
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < n; i++) {
            z[i] /= sum;
        }
        return z;
    }

    /** Attention for one (b, h); returns out[t][d] for the seq query rows. */
    static double[][] attentionHead(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int ld,
                                    int b, int h, int seq, int headDim, float scale, int[] mask) {
        double[][] out = new double[seq][headDim];
        for (int t = 0; t < seq; t++) {
            int qi = qOff + (b * seq + t) * ld + h * headDim;
            double[] s = new double[seq];
            for (int j = 0; j < seq; j++) {
                int ki = kOff + (b * seq + j) * ld + h * headDim;
                double dot = 0;
                for (int d = 0; d < headDim; d++) {
                    dot += (double) q[qi + d] * k[ki + d];
                }
                s[j] = dot * scale;
            }
            double[] p = softmax(s, mask, b * seq);
            for (int j = 0; j < seq; j++) {
                int vi = vOff + (b * seq + j) * ld + h * headDim;
                for (int d = 0; d < headDim; d++) {
                    out[t][d] += p[j] * v[vi + d];
                }
            }
        }
        return out;
    }
}
