package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * BF16 weight panels to fp32: each int of a panel holds one output feature's weights of two consecutive reduction
 * steps (step p in the low half, p+1 in the high half). A BF16 value is the top 16 bits of an fp32, so widening is
 * one shift (low half) or one AND (high half) and a free reinterpretation: no cross-lane conversion.
 *
 * <p>Sgemm runs {@link #kernelFused} for every row tile: the 8 x 3 fp32 loop widening in registers. The shift and
 * the AND run on vector ALU pipes beside the FMAs, so it is as fast as the fp32 kernel when the weights are cached
 * and faster when they stream from DRAM (half the bytes, and the loads are spread over the FMA loop instead of a
 * separate widening pass that waits on memory). Each pair is loaded twice (once per half) so that the 3 loaded
 * pairs are not live next to the 24 accumulators and 3 B vectors: the first fused kernel held them and needed all
 * 32 vector registers (README, *Weight formats*). {@link #widen} + {@link GemmKernel} remain for blocks that start
 * at an odd step and for the A/B property; {@link #kernelThrough} widens and stores while it computes.
 */
final class Bf16GemmKernel {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final VectorSpecies<Integer> SI = S.withLanes(int.class);
    static final int L = S.length();
    static final int MR = GemmKernel.MR;
    static final int NR = GemmKernel.NR;
    private static final int HIGH = 0xFFFF0000;

    private Bf16GemmKernel() {
    }

    /**
     * Widens steps [pc, pc + kc) of the BF16 panel whose pairs start at b[base] into fp32 panel steps at dst[0...]
     * (step pc + i at i*NR), so a k-block reused by several row tiles is widened once and then runs at the fp32
     * rate. pc may be odd (any tuning's kc): the first step is then the high half of its pair.
     */
    static void widen(int[] b, int base, int pc, int kc, float[] dst) {
        int p = pc;
        int end = pc + kc;
        int d = 0;
        if ((p & 1) != 0) {
            int bo = base + (p >> 1) * NR;
            for (int v = 0; v < NR; v += L) {
                IntVector.fromArray(SI, b, bo + v).lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats()
                        .intoArray(dst, v);
            }
            p++;
            d += NR;
        }
        for (; p + 1 < end; p += 2, d += 2 * NR) {
            int bo = base + (p >> 1) * NR;
            for (int v = 0; v < NR; v += L) {
                IntVector x = IntVector.fromArray(SI, b, bo + v);
                x.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, d + v);
                x.lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats().intoArray(dst, d + NR + v);
            }
        }
        if (p < end) {
            int bo = base + (p >> 1) * NR;
            for (int v = 0; v < NR; v += L) {
                IntVector.fromArray(SI, b, bo + v).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                        .intoArray(dst, d + v);
            }
        }
    }

    /**
     * The fp32 micro-kernel of {@link GemmKernel} on a BF16 k-block that starts at an even step (pairs at b[bOff...],
     * pair i at bOff + i*NR), widening in registers; every widened step is also stored at wide[i*NR...] so the row
     * tiles after this one run the fp32 kernel on it. One pass over the BF16 bytes, interleaved with the FMAs,
     * instead of a separate widening pass whose loads wait on memory with no arithmetic to overlap (README).
     * Each B vector is loaded twice (shift for the low half, AND for the high half): holding the 3 loaded pairs
     * as well would need all 32 vector registers. Same values, same order as widen + GemmKernel: bit-identical.
     */
    static void kernelThrough(int kc, float[] a, int aOff, int[] b, int bOff, float[] wide,
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
                FloatVector b0 = IntVector.fromArray(SI, b, bo).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                b0.intoArray(wide, wo);
                FloatVector b1 = IntVector.fromArray(SI, b, bo + 1 * L).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                b1.intoArray(wide, wo + 1 * L);
                FloatVector b2 = IntVector.fromArray(SI, b, bo + 2 * L).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
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
                FloatVector b0 = IntVector.fromArray(SI, b, bo).lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats();
                b0.intoArray(wide, wo + NR);
                FloatVector b1 = IntVector.fromArray(SI, b, bo + 1 * L).lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats();
                b1.intoArray(wide, wo + NR + 1 * L);
                FloatVector b2 = IntVector.fromArray(SI, b, bo + 2 * L).lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats();
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
            bo += NR;
            wo += 2 * NR;
        }
        if (p < kc) {
            FloatVector b0 = IntVector.fromArray(SI, b, bo).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            b0.intoArray(wide, wo);
            FloatVector b1 = IntVector.fromArray(SI, b, bo + 1 * L).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            b1.intoArray(wide, wo + 1 * L);
            FloatVector b2 = IntVector.fromArray(SI, b, bo + 2 * L).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
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
     * As {@link #kernelThrough} without storing the widened steps: for a k-block that only one row tile reads
     * (M <= 8), where the copy would be written for nothing.
     */
    static void kernelFused(int kc, float[] a, int aOff, int[] b, int bOff,
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
                FloatVector b0 = IntVector.fromArray(SI, b, bo).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector b1 = IntVector.fromArray(SI, b, bo + 1 * L).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector b2 = IntVector.fromArray(SI, b, bo + 2 * L).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
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
                FloatVector b0 = IntVector.fromArray(SI, b, bo).lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats();
                FloatVector b1 = IntVector.fromArray(SI, b, bo + 1 * L).lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats();
                FloatVector b2 = IntVector.fromArray(SI, b, bo + 2 * L).lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats();
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
            bo += NR;
        }
        if (p < kc) {
            FloatVector b0 = IntVector.fromArray(SI, b, bo).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector b1 = IntVector.fromArray(SI, b, bo + 1 * L).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector b2 = IntVector.fromArray(SI, b, bo + 2 * L).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
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
