package io.github.distilbertj.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGEMM micro-kernel of {@link GemmKernel} (8 rows x 3 vectors, fp32 accumulators, k unrolled x2, no
 * data-dependent branch) reading INT8 weight panels (same layout as fp32 panels, one byte per weight) with one
 * fp32 scale per output feature. Each B vector is L bytes sign-extended and converted to fp32 in registers
 * (one {@code convertShape(B2F)}); the sum runs unscaled from zero and the scale is applied once per call,
 * {@code C = init + scale * sum}, so a quarter of the fp32 bytes stream through the same FMA loop.
 *
 * <p>Sgemm uses it when a panel's k-block is read by a single row tile (M <= 8: batch-1 decoding of short inputs),
 * where it beat widening into a buffer (GemmProbe 1x3072x768 cold, 2 threads: 310 vs 368 us). When several row
 * tiles share the k-block, {@link #widen} converts it once into an fp32 buffer for the fp32 {@link GemmKernel}:
 * the conversion here costs two extra instructions per 8 FMAs, which at large M ran at 0.56x of fp32.
 */
final class Int8GemmKernel {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    /** L bytes; at 128-bit floats (L = 4) the smallest byte species (8 bytes) is loaded and its first part used. */
    static final VectorSpecies<Byte> SB = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, S.length() * 8)));
    static final int L = S.length();
    static final int MR = GemmKernel.MR;
    static final int NR = GemmKernel.NR;
    /** Bytes a panel array needs past its last weight, because a load at L = 4 reads SB.length() bytes. */
    static final int TAIL_PAD = SB.length() - L;

    private Int8GemmKernel() {
    }

    /**
     * C[r][col] at c[cOff + r*ldc + col] for r < MR, col < NR is set to init[initOff + r*initLd + col] +
     * scale[sOff + col] * sum over p < kc of a[aOff + p*MR + r] * b[bOff + p*NR + col].
     */
    static void kernel(int kc, float[] a, int aOff, byte[] b, int bOff, float[] scale, int sOff,
                       float[] init, int initOff, int initLd, float[] c, int cOff, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        FloatVector c60 = z, c61 = z, c62 = z;
        FloatVector c70 = z, c71 = z, c72 = z;
        int ao = aOff;
        int bo = bOff;
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            {
                FloatVector b0 = (FloatVector) ByteVector.fromArray(SB, b, bo).convertShape(VectorOperators.B2F, S, 0);
                FloatVector b1 = (FloatVector) ByteVector.fromArray(SB, b, bo + 1 * L).convertShape(VectorOperators.B2F, S, 0);
                FloatVector b2 = (FloatVector) ByteVector.fromArray(SB, b, bo + 2 * L).convertShape(VectorOperators.B2F, S, 0);
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
                FloatVector b0 = (FloatVector) ByteVector.fromArray(SB, b, bo + NR).convertShape(VectorOperators.B2F, S, 0);
                FloatVector b1 = (FloatVector) ByteVector.fromArray(SB, b, bo + NR + 1 * L).convertShape(VectorOperators.B2F, S, 0);
                FloatVector b2 = (FloatVector) ByteVector.fromArray(SB, b, bo + NR + 2 * L).convertShape(VectorOperators.B2F, S, 0);
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
            FloatVector b0 = (FloatVector) ByteVector.fromArray(SB, b, bo).convertShape(VectorOperators.B2F, S, 0);
            FloatVector b1 = (FloatVector) ByteVector.fromArray(SB, b, bo + 1 * L).convertShape(VectorOperators.B2F, S, 0);
            FloatVector b2 = (FloatVector) ByteVector.fromArray(SB, b, bo + 2 * L).convertShape(VectorOperators.B2F, S, 0);
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
        FloatVector s0 = FloatVector.fromArray(S, scale, sOff);
        FloatVector s1 = FloatVector.fromArray(S, scale, sOff + 1 * L);
        FloatVector s2 = FloatVector.fromArray(S, scale, sOff + 2 * L);
        c00.fma(s0, FloatVector.fromArray(S, init, initOff)).intoArray(c, cOff);
        c01.fma(s1, FloatVector.fromArray(S, init, initOff + 1 * L)).intoArray(c, cOff + 1 * L);
        c02.fma(s2, FloatVector.fromArray(S, init, initOff + 2 * L)).intoArray(c, cOff + 2 * L);
        c10.fma(s0, FloatVector.fromArray(S, init, initOff + 1 * initLd)).intoArray(c, cOff + 1 * ldc);
        c11.fma(s1, FloatVector.fromArray(S, init, initOff + 1 * initLd + 1 * L)).intoArray(c, cOff + 1 * ldc + 1 * L);
        c12.fma(s2, FloatVector.fromArray(S, init, initOff + 1 * initLd + 2 * L)).intoArray(c, cOff + 1 * ldc + 2 * L);
        c20.fma(s0, FloatVector.fromArray(S, init, initOff + 2 * initLd)).intoArray(c, cOff + 2 * ldc);
        c21.fma(s1, FloatVector.fromArray(S, init, initOff + 2 * initLd + 1 * L)).intoArray(c, cOff + 2 * ldc + 1 * L);
        c22.fma(s2, FloatVector.fromArray(S, init, initOff + 2 * initLd + 2 * L)).intoArray(c, cOff + 2 * ldc + 2 * L);
        c30.fma(s0, FloatVector.fromArray(S, init, initOff + 3 * initLd)).intoArray(c, cOff + 3 * ldc);
        c31.fma(s1, FloatVector.fromArray(S, init, initOff + 3 * initLd + 1 * L)).intoArray(c, cOff + 3 * ldc + 1 * L);
        c32.fma(s2, FloatVector.fromArray(S, init, initOff + 3 * initLd + 2 * L)).intoArray(c, cOff + 3 * ldc + 2 * L);
        c40.fma(s0, FloatVector.fromArray(S, init, initOff + 4 * initLd)).intoArray(c, cOff + 4 * ldc);
        c41.fma(s1, FloatVector.fromArray(S, init, initOff + 4 * initLd + 1 * L)).intoArray(c, cOff + 4 * ldc + 1 * L);
        c42.fma(s2, FloatVector.fromArray(S, init, initOff + 4 * initLd + 2 * L)).intoArray(c, cOff + 4 * ldc + 2 * L);
        c50.fma(s0, FloatVector.fromArray(S, init, initOff + 5 * initLd)).intoArray(c, cOff + 5 * ldc);
        c51.fma(s1, FloatVector.fromArray(S, init, initOff + 5 * initLd + 1 * L)).intoArray(c, cOff + 5 * ldc + 1 * L);
        c52.fma(s2, FloatVector.fromArray(S, init, initOff + 5 * initLd + 2 * L)).intoArray(c, cOff + 5 * ldc + 2 * L);
        c60.fma(s0, FloatVector.fromArray(S, init, initOff + 6 * initLd)).intoArray(c, cOff + 6 * ldc);
        c61.fma(s1, FloatVector.fromArray(S, init, initOff + 6 * initLd + 1 * L)).intoArray(c, cOff + 6 * ldc + 1 * L);
        c62.fma(s2, FloatVector.fromArray(S, init, initOff + 6 * initLd + 2 * L)).intoArray(c, cOff + 6 * ldc + 2 * L);
        c70.fma(s0, FloatVector.fromArray(S, init, initOff + 7 * initLd)).intoArray(c, cOff + 7 * ldc);
        c71.fma(s1, FloatVector.fromArray(S, init, initOff + 7 * initLd + 1 * L)).intoArray(c, cOff + 7 * ldc + 1 * L);
        c72.fma(s2, FloatVector.fromArray(S, init, initOff + 7 * initLd + 2 * L)).intoArray(c, cOff + 7 * ldc + 2 * L);
    }

    /**
     * Widens kc steps of an INT8 panel at b[bOff...] into fp32 panel steps at dst[0...] (step p at p*NR), each
     * value already multiplied by its feature's scale (scale[sOff + col]), as {@link PackedWeights#get} defines it.
     */
    static void widen(byte[] b, int bOff, float[] scale, int sOff, int kc, float[] dst) {
        FloatVector s0 = FloatVector.fromArray(S, scale, sOff);
        FloatVector s1 = FloatVector.fromArray(S, scale, sOff + L);
        FloatVector s2 = FloatVector.fromArray(S, scale, sOff + 2 * L);
        for (int p = 0, bo = bOff, d = 0; p < kc; p++, bo += NR, d += NR) {
            ((FloatVector) ByteVector.fromArray(SB, b, bo).convertShape(VectorOperators.B2F, S, 0)).mul(s0)
                    .intoArray(dst, d);
            ((FloatVector) ByteVector.fromArray(SB, b, bo + L).convertShape(VectorOperators.B2F, S, 0)).mul(s1)
                    .intoArray(dst, d + L);
            ((FloatVector) ByteVector.fromArray(SB, b, bo + 2 * L).convertShape(VectorOperators.B2F, S, 0)).mul(s2)
                    .intoArray(dst, d + 2 * L);
        }
    }
}
