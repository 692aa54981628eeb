package io.github.distilbertj.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * INT8 weight panels (same layout as fp32 panels, one byte per weight, one fp32 scale per output feature) to the
 * fp32 micro-kernel of {@link GemmKernel}. The value of a weight is always the fp32 product {@code q * scale}, in
 * every path, so every path gives the same bits.
 *
 * <p>A byte vector to fp32 costs a sign extension, a conversion and a multiply by the scale, and the last two share
 * the FMA pipes: in-register conversion inside the 8 x 3 loop ({@link #kernelFused}) runs at ~0.5x of fp32 when the
 * weights are cached. Sgemm uses it only for a k-block read by a single row tile (M <= 8), where it wins because the
 * FMA loop is bound by the weight stream. When several row tiles share a k-block, the first converts it while it
 * computes and stores the fp32 steps ({@link #kernelThrough}); the others run the fp32 kernel on that copy.
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

    /**
     * The fp32 micro-kernel of {@link GemmKernel} on an INT8 k-block (b[bOff...], step p at bOff + p*NR), converting
     * in registers to q * scale (the value {@link #widen} stores) and storing every converted step at wide[p*NR...]
     * so the row tiles after this one run the fp32 kernel on it. Same values, same order as widen + GemmKernel:
     * bit-identical.
     */
    static void kernelThrough(int kc, float[] a, int aOff, byte[] b, int bOff, float[] scale, int sOff, float[] wide,
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
        int wo = 0;
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            {
                FloatVector b0 = ((FloatVector) ByteVector.fromArray(SB, b, bo).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff));
                b0.intoArray(wide, wo);
                FloatVector b1 = ((FloatVector) ByteVector.fromArray(SB, b, bo + 1 * L).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff + 1 * L));
                b1.intoArray(wide, wo + 1 * L);
                FloatVector b2 = ((FloatVector) ByteVector.fromArray(SB, b, bo + 2 * L).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff + 2 * L));
                b2.intoArray(wide, wo + 2 * L);
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
                FloatVector b0 = ((FloatVector) ByteVector.fromArray(SB, b, bo + NR).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff));
                b0.intoArray(wide, wo + NR);
                FloatVector b1 = ((FloatVector) ByteVector.fromArray(SB, b, bo + NR + 1 * L).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff + 1 * L));
                b1.intoArray(wide, wo + NR + 1 * L);
                FloatVector b2 = ((FloatVector) ByteVector.fromArray(SB, b, bo + NR + 2 * L).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff + 2 * L));
                b2.intoArray(wide, wo + NR + 2 * L);
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
            wo += 2 * NR;
        }
        if (p < kc) {
            FloatVector b0 = ((FloatVector) ByteVector.fromArray(SB, b, bo).convertShape(VectorOperators.B2F, S, 0))
                    .mul(FloatVector.fromArray(S, scale, sOff));
            b0.intoArray(wide, wo);
            FloatVector b1 = ((FloatVector) ByteVector.fromArray(SB, b, bo + 1 * L).convertShape(VectorOperators.B2F, S, 0))
                    .mul(FloatVector.fromArray(S, scale, sOff + 1 * L));
            b1.intoArray(wide, wo + 1 * L);
            FloatVector b2 = ((FloatVector) ByteVector.fromArray(SB, b, bo + 2 * L).convertShape(VectorOperators.B2F, S, 0))
                    .mul(FloatVector.fromArray(S, scale, sOff + 2 * L));
            b2.intoArray(wide, wo + 2 * L);
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

    /**
     * As {@link #kernelThrough} without storing the converted steps: for a k-block that only one row tile reads.
     */
    static void kernelFused(int kc, float[] a, int aOff, byte[] b, int bOff, float[] scale, int sOff,
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
                FloatVector b0 = ((FloatVector) ByteVector.fromArray(SB, b, bo).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff));
                FloatVector b1 = ((FloatVector) ByteVector.fromArray(SB, b, bo + 1 * L).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff + 1 * L));
                FloatVector b2 = ((FloatVector) ByteVector.fromArray(SB, b, bo + 2 * L).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff + 2 * L));
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
                FloatVector b0 = ((FloatVector) ByteVector.fromArray(SB, b, bo + NR).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff));
                FloatVector b1 = ((FloatVector) ByteVector.fromArray(SB, b, bo + NR + 1 * L).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff + 1 * L));
                FloatVector b2 = ((FloatVector) ByteVector.fromArray(SB, b, bo + NR + 2 * L).convertShape(VectorOperators.B2F, S, 0))
                        .mul(FloatVector.fromArray(S, scale, sOff + 2 * L));
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
            FloatVector b0 = ((FloatVector) ByteVector.fromArray(SB, b, bo).convertShape(VectorOperators.B2F, S, 0))
                    .mul(FloatVector.fromArray(S, scale, sOff));
            FloatVector b1 = ((FloatVector) ByteVector.fromArray(SB, b, bo + 1 * L).convertShape(VectorOperators.B2F, S, 0))
                    .mul(FloatVector.fromArray(S, scale, sOff + 1 * L));
            FloatVector b2 = ((FloatVector) ByteVector.fromArray(SB, b, bo + 2 * L).convertShape(VectorOperators.B2F, S, 0))
                    .mul(FloatVector.fromArray(S, scale, sOff + 2 * L));
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
