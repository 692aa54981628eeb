package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked micro-kernels of one attention head, on per-thread scratch blocks (see
 * {@link Attention}): scores = Q K^T from K packed key-major per head dimension, and O = P V from V rows.
 */
final class AttentionKernels {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();
    /** Query rows per score tile. */
    static final int QR = 8;
    /** Keys per score tile (2 vectors); the packed key count is padded to a multiple of this. */
    static final int QK = 2 * L;
    /** Query rows per output tile. */
    static final int PR = 4;

    private AttentionKernels() {
    }

    /**
     * s[sOff + r*seqP + c] = scale * sum over dd < d of q[q_r + dd] * kt[kOff + dd*seqP + c], r < 8, c < 2L.
     */
    static void scores(float[] q, int q0, int q1, int q2, int q3, int q4, int q5, int q6, int q7, int d, float[] kt, int kOff, int seqP,
                       float scale, float[] s, int sOff) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
        for (int dd = 0, kb = kOff; dd < d; dd++, kb += seqP) {
            FloatVector k0 = FloatVector.fromArray(S, kt, kb);
            FloatVector k1 = FloatVector.fromArray(S, kt, kb + L);
            FloatVector a0 = FloatVector.broadcast(S, q[q0 + dd]);
            c00 = k0.fma(a0, c00);
            c01 = k1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, q[q1 + dd]);
            c10 = k0.fma(a1, c10);
            c11 = k1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, q[q2 + dd]);
            c20 = k0.fma(a2, c20);
            c21 = k1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, q[q3 + dd]);
            c30 = k0.fma(a3, c30);
            c31 = k1.fma(a3, c31);
            FloatVector a4 = FloatVector.broadcast(S, q[q4 + dd]);
            c40 = k0.fma(a4, c40);
            c41 = k1.fma(a4, c41);
            FloatVector a5 = FloatVector.broadcast(S, q[q5 + dd]);
            c50 = k0.fma(a5, c50);
            c51 = k1.fma(a5, c51);
            FloatVector a6 = FloatVector.broadcast(S, q[q6 + dd]);
            c60 = k0.fma(a6, c60);
            c61 = k1.fma(a6, c61);
            FloatVector a7 = FloatVector.broadcast(S, q[q7 + dd]);
            c70 = k0.fma(a7, c70);
            c71 = k1.fma(a7, c71);
        }
        c00.mul(scale).intoArray(s, sOff + 0 * seqP);
        c01.mul(scale).intoArray(s, sOff + 0 * seqP + L);
        c10.mul(scale).intoArray(s, sOff + 1 * seqP);
        c11.mul(scale).intoArray(s, sOff + 1 * seqP + L);
        c20.mul(scale).intoArray(s, sOff + 2 * seqP);
        c21.mul(scale).intoArray(s, sOff + 2 * seqP + L);
        c30.mul(scale).intoArray(s, sOff + 3 * seqP);
        c31.mul(scale).intoArray(s, sOff + 3 * seqP + L);
        c40.mul(scale).intoArray(s, sOff + 4 * seqP);
        c41.mul(scale).intoArray(s, sOff + 4 * seqP + L);
        c50.mul(scale).intoArray(s, sOff + 5 * seqP);
        c51.mul(scale).intoArray(s, sOff + 5 * seqP + L);
        c60.mul(scale).intoArray(s, sOff + 6 * seqP);
        c61.mul(scale).intoArray(s, sOff + 6 * seqP + L);
        c70.mul(scale).intoArray(s, sOff + 7 * seqP);
        c71.mul(scale).intoArray(s, sOff + 7 * seqP + L);
    }

    /**
     * o[oOff + r*dP + c] = sum over j < keys of s[s_r + j] * vs[vOff + j*dP + c], r < 4, c < 4L.
     */
    static void weighted4(float[] s, int s0, int s1, int s2, int s3, int keys, float[] vs, int vOff, int dP,
                          float[] o, int oOff) {
        FloatVector z = FloatVector.zero(S);
        FloatVector o00 = z, o01 = z, o02 = z, o03 = z;
        FloatVector o10 = z, o11 = z, o12 = z, o13 = z;
        FloatVector o20 = z, o21 = z, o22 = z, o23 = z;
        FloatVector o30 = z, o31 = z, o32 = z, o33 = z;
        for (int j = 0, vb = vOff; j < keys; j++, vb += dP) {
            FloatVector v0 = FloatVector.fromArray(S, vs, vb);
            FloatVector v1 = FloatVector.fromArray(S, vs, vb + 1 * L);
            FloatVector v2 = FloatVector.fromArray(S, vs, vb + 2 * L);
            FloatVector v3 = FloatVector.fromArray(S, vs, vb + 3 * L);
            FloatVector p0 = FloatVector.broadcast(S, s[s0 + j]);
            o00 = v0.fma(p0, o00);
            o01 = v1.fma(p0, o01);
            o02 = v2.fma(p0, o02);
            o03 = v3.fma(p0, o03);
            FloatVector p1 = FloatVector.broadcast(S, s[s1 + j]);
            o10 = v0.fma(p1, o10);
            o11 = v1.fma(p1, o11);
            o12 = v2.fma(p1, o12);
            o13 = v3.fma(p1, o13);
            FloatVector p2 = FloatVector.broadcast(S, s[s2 + j]);
            o20 = v0.fma(p2, o20);
            o21 = v1.fma(p2, o21);
            o22 = v2.fma(p2, o22);
            o23 = v3.fma(p2, o23);
            FloatVector p3 = FloatVector.broadcast(S, s[s3 + j]);
            o30 = v0.fma(p3, o30);
            o31 = v1.fma(p3, o31);
            o32 = v2.fma(p3, o32);
            o33 = v3.fma(p3, o33);
        }
        o00.intoArray(o, oOff + 0 * dP);
        o01.intoArray(o, oOff + 0 * dP + 1 * L);
        o02.intoArray(o, oOff + 0 * dP + 2 * L);
        o03.intoArray(o, oOff + 0 * dP + 3 * L);
        o10.intoArray(o, oOff + 1 * dP);
        o11.intoArray(o, oOff + 1 * dP + 1 * L);
        o12.intoArray(o, oOff + 1 * dP + 2 * L);
        o13.intoArray(o, oOff + 1 * dP + 3 * L);
        o20.intoArray(o, oOff + 2 * dP);
        o21.intoArray(o, oOff + 2 * dP + 1 * L);
        o22.intoArray(o, oOff + 2 * dP + 2 * L);
        o23.intoArray(o, oOff + 2 * dP + 3 * L);
        o30.intoArray(o, oOff + 3 * dP);
        o31.intoArray(o, oOff + 3 * dP + 1 * L);
        o32.intoArray(o, oOff + 3 * dP + 2 * L);
        o33.intoArray(o, oOff + 3 * dP + 3 * L);
    }

    /** As {@link #weighted4} for one vector of output columns (c < L). */
    static void weighted1(float[] s, int s0, int s1, int s2, int s3, int keys, float[] vs, int vOff, int dP,
                          float[] o, int oOff) {
        FloatVector z = FloatVector.zero(S);
        FloatVector o0 = z, o1 = z, o2 = z, o3 = z;
        for (int j = 0, vb = vOff; j < keys; j++, vb += dP) {
            FloatVector v = FloatVector.fromArray(S, vs, vb);
            o0 = v.fma(FloatVector.broadcast(S, s[s0 + j]), o0);
            o1 = v.fma(FloatVector.broadcast(S, s[s1 + j]), o1);
            o2 = v.fma(FloatVector.broadcast(S, s[s2 + j]), o2);
            o3 = v.fma(FloatVector.broadcast(S, s[s3 + j]), o3);
        }
        o0.intoArray(o, oOff + 0 * dP);
        o1.intoArray(o, oOff + 1 * dP);
        o2.intoArray(o, oOff + 2 * dP);
        o3.intoArray(o, oOff + 3 * dP);
    }
}
