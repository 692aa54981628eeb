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
 * <p>Sgemm widens one k-block of a panel (kc x NR) at a time into a per-thread fp32 buffer and runs the fp32
 * {@link GemmKernel} over it for every row tile, so the FMA loop is the fp32 one and the widening is paid once per
 * k-block. A fused kernel (widening in registers inside the 8 x 3 loop) was measured and dropped: at M = 1 it was
 * no faster than widening (402 vs 385 us, GemmProbe 1x3072x768, 2 threads), and with the 24 accumulators, 3 B
 * vectors, the 3 loaded pairs and the AND mask it needs all 32 vector registers.
 */
final class Bf16GemmKernel {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final VectorSpecies<Integer> SI = S.withLanes(int.class);
    static final int L = S.length();
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
}
