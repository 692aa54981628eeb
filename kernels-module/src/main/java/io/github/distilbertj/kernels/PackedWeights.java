package io.github.distilbertj.kernels;

/**
 * A weight matrix W of logical shape [n, k] packed once into the micro-kernel's panel layout. Immutable,
 * thread-safe.
 *
 * <p>Layout: W is cut into column panels of {@link GemmKernel#NR} output features (NR = 3 vectors). Panel
 * {@code jp} starts at {@code jp * k * NR}; inside it, step {@code p} of the reduction holds the NR values
 * {@code W[jp*NR + 0 .. jp*NR + NR-1][p]} contiguously, so the micro-kernel streams a panel front to back
 * and any k-block [p0, p1) of it is one contiguous run. The last panel is zero-padded to NR columns, so
 * the kernel never needs an n-tail inside the panel.
 */
public final class PackedWeights {
    private final int n;
    private final int k;
    private final float[] panels;

    private PackedWeights(int n, int k, float[] panels) {
        this.n = n;
        this.k = k;
        this.panels = panels;
    }

    /** w holds W row-major [n][k] starting at off (a PyTorch nn.Linear weight: [out, in]). */
    public static PackedWeights fromRowMajorNK(float[] w, int off, int n, int k) {
        Checks.positive("n", n);
        Checks.positive("k", k);
        Checks.matrix("w", w, off, k, n, k);
        return pack(w, off, n, k, k, 1);
    }

    /** b holds B row-major [k][n] starting at off (an ONNX MatMul initializer: [in, out]); W = B^T. */
    public static PackedWeights fromRowMajorKN(float[] b, int off, int k, int n) {
        Checks.positive("k", k);
        Checks.positive("n", n);
        Checks.matrix("b", b, off, n, k, n);
        return pack(b, off, n, k, 1, n);
    }

    /** Concatenates along n (e.g. Q, K, V weights into one [3h, k] matrix); all parts share k. */
    public static PackedWeights concatRows(PackedWeights... parts) {
        Checks.notNull("parts", parts);
        if (parts.length == 0) {
            throw new IllegalArgumentException("parts must not be empty");
        }
        int k = -1;
        long n = 0;
        for (int i = 0; i < parts.length; i++) {
            Checks.notNull("parts[" + i + "]", parts[i]);
            if (k >= 0 && parts[i].k != k) {
                throw new IllegalArgumentException("parts[" + i + "].k() is " + parts[i].k + " but parts[0].k() is " + k);
            }
            k = parts[i].k;
            n += parts[i].n;
        }
        if (n * k > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("parts: concatenated matrix of " + n + "x" + k + " is too large");
        }
        float[] rows = new float[(int) n * k];
        int row = 0;
        for (PackedWeights part : parts) {
            part.unpackInto(rows, row * k);
            row += part.n;
        }
        return pack(rows, 0, (int) n, k, k, 1);
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    /** W[j][p]; for tests and diagnostics, not for hot paths. */
    public float get(int j, int p) {
        if (j < 0 || j >= n) {
            throw new IllegalArgumentException("j must be in [0, " + n + "), got " + j);
        }
        if (p < 0 || p >= k) {
            throw new IllegalArgumentException("p must be in [0, " + k + "), got " + p);
        }
        int nr = GemmKernel.NR;
        return panels[(j / nr) * k * nr + p * nr + j % nr];
    }

    /** Number of NR-wide column panels. */
    int panelCount() {
        return (n + GemmKernel.NR - 1) / GemmKernel.NR;
    }

    /** The packed panels; callers must not modify. */
    float[] panels() {
        return panels;
    }

    /** Element (j, p) of W is at src[off + j*sj + p*sp]. */
    private static PackedWeights pack(float[] src, int off, int n, int k, int sj, int sp) {
        int nr = GemmKernel.NR;
        int np = (n + nr - 1) / nr;
        long size = (long) np * k * nr;
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("n x k = " + n + "x" + k + " is too large to pack");
        }
        float[] panels = new float[(int) size];
        for (int jp = 0; jp < np; jp++) {
            int base = jp * k * nr;
            int cols = Math.min(nr, n - jp * nr);
            for (int jj = 0; jj < cols; jj++) {
                int j = jp * nr + jj;
                int s = off + j * sj;
                for (int p = 0; p < k; p++) {
                    panels[base + p * nr + jj] = src[s + p * sp];
                }
            }
        }
        return new PackedWeights(n, k, panels);
    }

    private void unpackInto(float[] dst, int off) {
        int nr = GemmKernel.NR;
        for (int j = 0; j < n; j++) {
            int base = (j / nr) * k * nr + j % nr;
            for (int p = 0; p < k; p++) {
                dst[off + j * k + p] = panels[base + p * nr];
            }
        }
    }

    @Override
    public String toString() {
        return "PackedWeights[n=" + n + ", k=" + k + "]";
    }
}
