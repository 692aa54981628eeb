package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked SGEMM micro-kernel: an {@link #MR} x {@link #NR} tile of C (8 rows x 3 vectors =
 * 24 accumulators, leaving registers for 3 B vectors and the A broadcast) updated by a rank-kc product of a
 * packed A panel (step p holds A[0..MR)[p] contiguously) and a packed B panel (step p holds NR floats).
 *
 * <p>The k-loop is unrolled twice by hand: C2 does not unroll it, and a 4x unroll made the method too big
 * to compile well. The method has no data-dependent branch (the accumulators start from {@code init},
 * which is C itself, {@link #ZERO_TILE}, or the bias row with {@code initLd} 0): a branch first seen late in
 * warm-up made C2 deoptimise it, and until C2 recompiles, a Vector API method runs ~100x slower (C1 bails out
 * on it).
 */
final class GemmKernel {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();
    static final int MR = 8;
    static final int NR = 3 * L;
    /** Read-only zeros with row stride NR: the initial tile of a product that overwrites C. */
    static final float[] ZERO_TILE = new float[MR * NR];

    private GemmKernel() {
    }

    /**
     * C[r][col] at c[cOff + r*ldc + col] for r < MR, col < NR is set to init[initOff + r*initLd + col] +
     * sum over p < kc of a[aOff + p*MR + r] * b[bOff + p*NR + col].
     */
    static void kernel(int kc, float[] a, int aOff, float[] b, int bOff,
                       float[] init, int initOff, int initLd, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, init, initOff), c01 = FloatVector.fromArray(S, init, initOff + 1 * L), c02 = FloatVector.fromArray(S, init, initOff + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, init, initOff + 1 * initLd), c11 = FloatVector.fromArray(S, init, initOff + 1 * initLd + 1 * L), c12 = FloatVector.fromArray(S, init, initOff + 1 * initLd + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, init, initOff + 2 * initLd), c21 = FloatVector.fromArray(S, init, initOff + 2 * initLd + 1 * L), c22 = FloatVector.fromArray(S, init, initOff + 2 * initLd + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, init, initOff + 3 * initLd), c31 = FloatVector.fromArray(S, init, initOff + 3 * initLd + 1 * L), c32 = FloatVector.fromArray(S, init, initOff + 3 * initLd + 2 * L);
        FloatVector c40 = FloatVector.fromArray(S, init, initOff + 4 * initLd), c41 = FloatVector.fromArray(S, init, initOff + 4 * initLd + 1 * L), c42 = FloatVector.fromArray(S, init, initOff + 4 * initLd + 2 * L);
        FloatVector c50 = FloatVector.fromArray(S, init, initOff + 5 * initLd), c51 = FloatVector.fromArray(S, init, initOff + 5 * initLd + 1 * L), c52 = FloatVector.fromArray(S, init, initOff + 5 * initLd + 2 * L);
        FloatVector c60 = FloatVector.fromArray(S, init, initOff + 6 * initLd), c61 = FloatVector.fromArray(S, init, initOff + 6 * initLd + 1 * L), c62 = FloatVector.fromArray(S, init, initOff + 6 * initLd + 2 * L);
        FloatVector c70 = FloatVector.fromArray(S, init, initOff + 7 * initLd), c71 = FloatVector.fromArray(S, init, initOff + 7 * initLd + 1 * L), c72 = FloatVector.fromArray(S, init, initOff + 7 * initLd + 2 * L);
        int ao = aOff;
        int bo = bOff;
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            {
                FloatVector b0 = FloatVector.fromArray(S, b, bo);
                FloatVector b1 = FloatVector.fromArray(S, b, bo + 1 * L);
                FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
                FloatVector a0 = FloatVector.broadcast(S, a[ao]);
                c00 = b0.fma(a0, c00);
                c01 = b1.fma(a0, c01);
                c02 = b2.fma(a0, c02);
                FloatVector a1 = FloatVector.broadcast(S, a[ao + 1]);
                c10 = b0.fma(a1, c10);
                c11 = b1.fma(a1, c11);
                c12 = b2.fma(a1, c12);
                FloatVector a2 = FloatVector.broadcast(S, a[ao + 2]);
                c20 = b0.fma(a2, c20);
                c21 = b1.fma(a2, c21);
                c22 = b2.fma(a2, c22);
                FloatVector a3 = FloatVector.broadcast(S, a[ao + 3]);
                c30 = b0.fma(a3, c30);
                c31 = b1.fma(a3, c31);
                c32 = b2.fma(a3, c32);
                FloatVector a4 = FloatVector.broadcast(S, a[ao + 4]);
                c40 = b0.fma(a4, c40);
                c41 = b1.fma(a4, c41);
                c42 = b2.fma(a4, c42);
                FloatVector a5 = FloatVector.broadcast(S, a[ao + 5]);
                c50 = b0.fma(a5, c50);
                c51 = b1.fma(a5, c51);
                c52 = b2.fma(a5, c52);
                FloatVector a6 = FloatVector.broadcast(S, a[ao + 6]);
                c60 = b0.fma(a6, c60);
                c61 = b1.fma(a6, c61);
                c62 = b2.fma(a6, c62);
                FloatVector a7 = FloatVector.broadcast(S, a[ao + 7]);
                c70 = b0.fma(a7, c70);
                c71 = b1.fma(a7, c71);
                c72 = b2.fma(a7, c72);
            }
            {
                FloatVector b0 = FloatVector.fromArray(S, b, bo + NR);
                FloatVector b1 = FloatVector.fromArray(S, b, bo + NR + 1 * L);
                FloatVector b2 = FloatVector.fromArray(S, b, bo + NR + 2 * L);
                FloatVector a0 = FloatVector.broadcast(S, a[ao + MR]);
                c00 = b0.fma(a0, c00);
                c01 = b1.fma(a0, c01);
                c02 = b2.fma(a0, c02);
                FloatVector a1 = FloatVector.broadcast(S, a[ao + MR + 1]);
                c10 = b0.fma(a1, c10);
                c11 = b1.fma(a1, c11);
                c12 = b2.fma(a1, c12);
                FloatVector a2 = FloatVector.broadcast(S, a[ao + MR + 2]);
                c20 = b0.fma(a2, c20);
                c21 = b1.fma(a2, c21);
                c22 = b2.fma(a2, c22);
                FloatVector a3 = FloatVector.broadcast(S, a[ao + MR + 3]);
                c30 = b0.fma(a3, c30);
                c31 = b1.fma(a3, c31);
                c32 = b2.fma(a3, c32);
                FloatVector a4 = FloatVector.broadcast(S, a[ao + MR + 4]);
                c40 = b0.fma(a4, c40);
                c41 = b1.fma(a4, c41);
                c42 = b2.fma(a4, c42);
                FloatVector a5 = FloatVector.broadcast(S, a[ao + MR + 5]);
                c50 = b0.fma(a5, c50);
                c51 = b1.fma(a5, c51);
                c52 = b2.fma(a5, c52);
                FloatVector a6 = FloatVector.broadcast(S, a[ao + MR + 6]);
                c60 = b0.fma(a6, c60);
                c61 = b1.fma(a6, c61);
                c62 = b2.fma(a6, c62);
                FloatVector a7 = FloatVector.broadcast(S, a[ao + MR + 7]);
                c70 = b0.fma(a7, c70);
                c71 = b1.fma(a7, c71);
                c72 = b2.fma(a7, c72);
            }
            ao += 2 * MR;
            bo += 2 * NR;
        }
        if (p < kc) {
            {
                FloatVector b0 = FloatVector.fromArray(S, b, bo);
                FloatVector b1 = FloatVector.fromArray(S, b, bo + 1 * L);
                FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
                FloatVector a0 = FloatVector.broadcast(S, a[ao]);
                c00 = b0.fma(a0, c00);
                c01 = b1.fma(a0, c01);
                c02 = b2.fma(a0, c02);
                FloatVector a1 = FloatVector.broadcast(S, a[ao + 1]);
                c10 = b0.fma(a1, c10);
                c11 = b1.fma(a1, c11);
                c12 = b2.fma(a1, c12);
                FloatVector a2 = FloatVector.broadcast(S, a[ao + 2]);
                c20 = b0.fma(a2, c20);
                c21 = b1.fma(a2, c21);
                c22 = b2.fma(a2, c22);
                FloatVector a3 = FloatVector.broadcast(S, a[ao + 3]);
                c30 = b0.fma(a3, c30);
                c31 = b1.fma(a3, c31);
                c32 = b2.fma(a3, c32);
                FloatVector a4 = FloatVector.broadcast(S, a[ao + 4]);
                c40 = b0.fma(a4, c40);
                c41 = b1.fma(a4, c41);
                c42 = b2.fma(a4, c42);
                FloatVector a5 = FloatVector.broadcast(S, a[ao + 5]);
                c50 = b0.fma(a5, c50);
                c51 = b1.fma(a5, c51);
                c52 = b2.fma(a5, c52);
                FloatVector a6 = FloatVector.broadcast(S, a[ao + 6]);
                c60 = b0.fma(a6, c60);
                c61 = b1.fma(a6, c61);
                c62 = b2.fma(a6, c62);
                FloatVector a7 = FloatVector.broadcast(S, a[ao + 7]);
                c70 = b0.fma(a7, c70);
                c71 = b1.fma(a7, c71);
                c72 = b2.fma(a7, c72);
            }
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + 1 * L);
        c02.intoArray(c, cOff + 2 * L);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + 1 * L);
        c12.intoArray(c, cOff + 1 * ldc + 2 * L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + 1 * L);
        c22.intoArray(c, cOff + 2 * ldc + 2 * L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + 1 * L);
        c32.intoArray(c, cOff + 3 * ldc + 2 * L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + 1 * L);
        c42.intoArray(c, cOff + 4 * ldc + 2 * L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + 1 * L);
        c52.intoArray(c, cOff + 5 * ldc + 2 * L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + 1 * L);
        c62.intoArray(c, cOff + 6 * ldc + 2 * L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + 1 * L);
        c72.intoArray(c, cOff + 7 * ldc + 2 * L);
    }
}
