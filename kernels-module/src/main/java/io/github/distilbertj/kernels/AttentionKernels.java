package io.github.distilbertj.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked micro-kernels of the blocked (online-softmax) attention of {@link Attention}, on one query
 * block of up to {@link #QB} queries. Scores are computed transposed, {@code sT[key][query]}, with the queries
 * along the vector lanes: the query block is packed dimension-major once per task ({@code qt[dd][query]}),
 * each key row is read as it is (one broadcast per element, contiguous along the head dimension), so keys
 * are never transposed; the softmax statistics of a query are then lane-wise vector operations across key
 * rows, with no horizontal reduction. {@code O = P V} broadcasts {@code pT[key][query]} against value rows.
 */
final class AttentionKernels {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();
    /** Queries per block (4 vectors): the row stride of qt and sT. */
    static final int QB = 4 * L;
    /** Keys per score tile; the key count is padded to a multiple of this. */
    static final int KR = 4;
    /** Query rows per output tile. */
    static final int PR = 4;

    private AttentionKernels() {
    }

    /**
     * Four keys x four query vectors: {@code sT[sOff + r*QB + c] = bias[j + r] + sum over dd < d of
     * k[k_r + dd] * qt[dd*QB + c]} for r < 4, c < 4L, and {@code mx[c] = max(mx[c], sT[.. r ..][c])}.
     */
    static void scores4(float[] k, int k0, int k1, int k2, int k3, int d, float[] qt, float[] bias, int j,
                        float[] st, int sOff, float[] mx) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
        FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
        for (int dd = 0, qb = 0; dd < d; dd++, qb += QB) {
            FloatVector q0 = FloatVector.fromArray(S, qt, qb);
            FloatVector q1 = FloatVector.fromArray(S, qt, qb + L);
            FloatVector q2 = FloatVector.fromArray(S, qt, qb + 2 * L);
            FloatVector q3 = FloatVector.fromArray(S, qt, qb + 3 * L);
            FloatVector b0 = FloatVector.broadcast(S, k[k0 + dd]);
            c00 = q0.fma(b0, c00);
            c01 = q1.fma(b0, c01);
            c02 = q2.fma(b0, c02);
            c03 = q3.fma(b0, c03);
            FloatVector b1 = FloatVector.broadcast(S, k[k1 + dd]);
            c10 = q0.fma(b1, c10);
            c11 = q1.fma(b1, c11);
            c12 = q2.fma(b1, c12);
            c13 = q3.fma(b1, c13);
            FloatVector b2 = FloatVector.broadcast(S, k[k2 + dd]);
            c20 = q0.fma(b2, c20);
            c21 = q1.fma(b2, c21);
            c22 = q2.fma(b2, c22);
            c23 = q3.fma(b2, c23);
            FloatVector b3 = FloatVector.broadcast(S, k[k3 + dd]);
            c30 = q0.fma(b3, c30);
            c31 = q1.fma(b3, c31);
            c32 = q2.fma(b3, c32);
            c33 = q3.fma(b3, c33);
        }
        c00 = c00.add(bias[j]);
        c01 = c01.add(bias[j]);
        c02 = c02.add(bias[j]);
        c03 = c03.add(bias[j]);
        c10 = c10.add(bias[j + 1]);
        c11 = c11.add(bias[j + 1]);
        c12 = c12.add(bias[j + 1]);
        c13 = c13.add(bias[j + 1]);
        c20 = c20.add(bias[j + 2]);
        c21 = c21.add(bias[j + 2]);
        c22 = c22.add(bias[j + 2]);
        c23 = c23.add(bias[j + 2]);
        c30 = c30.add(bias[j + 3]);
        c31 = c31.add(bias[j + 3]);
        c32 = c32.add(bias[j + 3]);
        c33 = c33.add(bias[j + 3]);
        c00.intoArray(st, sOff);
        c01.intoArray(st, sOff + L);
        c02.intoArray(st, sOff + 2 * L);
        c03.intoArray(st, sOff + 3 * L);
        c10.intoArray(st, sOff + QB);
        c11.intoArray(st, sOff + QB + L);
        c12.intoArray(st, sOff + QB + 2 * L);
        c13.intoArray(st, sOff + QB + 3 * L);
        c20.intoArray(st, sOff + 2 * QB);
        c21.intoArray(st, sOff + 2 * QB + L);
        c22.intoArray(st, sOff + 2 * QB + 2 * L);
        c23.intoArray(st, sOff + 2 * QB + 3 * L);
        c30.intoArray(st, sOff + 3 * QB);
        c31.intoArray(st, sOff + 3 * QB + L);
        c32.intoArray(st, sOff + 3 * QB + 2 * L);
        c33.intoArray(st, sOff + 3 * QB + 3 * L);
        FloatVector.fromArray(S, mx, 0).max(c00).max(c10).max(c20).max(c30).intoArray(mx, 0);
        FloatVector.fromArray(S, mx, L).max(c01).max(c11).max(c21).max(c31).intoArray(mx, L);
        FloatVector.fromArray(S, mx, 2 * L).max(c02).max(c12).max(c22).max(c32).intoArray(mx, 2 * L);
        FloatVector.fromArray(S, mx, 3 * L).max(c03).max(c13).max(c23).max(c33).intoArray(mx, 3 * L);
    }

    /** As {@link #scores4} for the first three query vectors only (query blocks of at most 3L rows). */
    static void scores3(float[] k, int k0, int k1, int k2, int k3, int d, float[] qt, float[] bias, int j,
                        float[] st, int sOff, float[] mx) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        for (int dd = 0, qb = 0; dd < d; dd++, qb += QB) {
            FloatVector q0 = FloatVector.fromArray(S, qt, qb);
            FloatVector q1 = FloatVector.fromArray(S, qt, qb + L);
            FloatVector q2 = FloatVector.fromArray(S, qt, qb + 2 * L);
            FloatVector b0 = FloatVector.broadcast(S, k[k0 + dd]);
            c00 = q0.fma(b0, c00);
            c01 = q1.fma(b0, c01);
            c02 = q2.fma(b0, c02);
            FloatVector b1 = FloatVector.broadcast(S, k[k1 + dd]);
            c10 = q0.fma(b1, c10);
            c11 = q1.fma(b1, c11);
            c12 = q2.fma(b1, c12);
            FloatVector b2 = FloatVector.broadcast(S, k[k2 + dd]);
            c20 = q0.fma(b2, c20);
            c21 = q1.fma(b2, c21);
            c22 = q2.fma(b2, c22);
            FloatVector b3 = FloatVector.broadcast(S, k[k3 + dd]);
            c30 = q0.fma(b3, c30);
            c31 = q1.fma(b3, c31);
            c32 = q2.fma(b3, c32);
        }
        c00 = c00.add(bias[j]);
        c01 = c01.add(bias[j]);
        c02 = c02.add(bias[j]);
        c10 = c10.add(bias[j + 1]);
        c11 = c11.add(bias[j + 1]);
        c12 = c12.add(bias[j + 1]);
        c20 = c20.add(bias[j + 2]);
        c21 = c21.add(bias[j + 2]);
        c22 = c22.add(bias[j + 2]);
        c30 = c30.add(bias[j + 3]);
        c31 = c31.add(bias[j + 3]);
        c32 = c32.add(bias[j + 3]);
        c00.intoArray(st, sOff);
        c01.intoArray(st, sOff + L);
        c02.intoArray(st, sOff + 2 * L);
        c10.intoArray(st, sOff + QB);
        c11.intoArray(st, sOff + QB + L);
        c12.intoArray(st, sOff + QB + 2 * L);
        c20.intoArray(st, sOff + 2 * QB);
        c21.intoArray(st, sOff + 2 * QB + L);
        c22.intoArray(st, sOff + 2 * QB + 2 * L);
        c30.intoArray(st, sOff + 3 * QB);
        c31.intoArray(st, sOff + 3 * QB + L);
        c32.intoArray(st, sOff + 3 * QB + 2 * L);
        FloatVector.fromArray(S, mx, 0).max(c00).max(c10).max(c20).max(c30).intoArray(mx, 0);
        FloatVector.fromArray(S, mx, L).max(c01).max(c11).max(c21).max(c31).intoArray(mx, L);
        FloatVector.fromArray(S, mx, 2 * L).max(c02).max(c12).max(c22).max(c32).intoArray(mx, 2 * L);
    }

    /** As {@link #scores4} for the first two query vectors only (query blocks of at most 2L rows). */
    static void scores2(float[] k, int k0, int k1, int k2, int k3, int d, float[] qt, float[] bias, int j,
                        float[] st, int sOff, float[] mx) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        for (int dd = 0, qb = 0; dd < d; dd++, qb += QB) {
            FloatVector q0 = FloatVector.fromArray(S, qt, qb);
            FloatVector q1 = FloatVector.fromArray(S, qt, qb + L);
            FloatVector b0 = FloatVector.broadcast(S, k[k0 + dd]);
            c00 = q0.fma(b0, c00);
            c01 = q1.fma(b0, c01);
            FloatVector b1 = FloatVector.broadcast(S, k[k1 + dd]);
            c10 = q0.fma(b1, c10);
            c11 = q1.fma(b1, c11);
            FloatVector b2 = FloatVector.broadcast(S, k[k2 + dd]);
            c20 = q0.fma(b2, c20);
            c21 = q1.fma(b2, c21);
            FloatVector b3 = FloatVector.broadcast(S, k[k3 + dd]);
            c30 = q0.fma(b3, c30);
            c31 = q1.fma(b3, c31);
        }
        c00 = c00.add(bias[j]);
        c01 = c01.add(bias[j]);
        c10 = c10.add(bias[j + 1]);
        c11 = c11.add(bias[j + 1]);
        c20 = c20.add(bias[j + 2]);
        c21 = c21.add(bias[j + 2]);
        c30 = c30.add(bias[j + 3]);
        c31 = c31.add(bias[j + 3]);
        c00.intoArray(st, sOff);
        c01.intoArray(st, sOff + L);
        c10.intoArray(st, sOff + QB);
        c11.intoArray(st, sOff + QB + L);
        c20.intoArray(st, sOff + 2 * QB);
        c21.intoArray(st, sOff + 2 * QB + L);
        c30.intoArray(st, sOff + 3 * QB);
        c31.intoArray(st, sOff + 3 * QB + L);
        FloatVector.fromArray(S, mx, 0).max(c00).max(c10).max(c20).max(c30).intoArray(mx, 0);
        FloatVector.fromArray(S, mx, L).max(c01).max(c11).max(c21).max(c31).intoArray(mx, L);
    }

    /** As {@link #scores4} for the first query vector only (query blocks of at most L rows). */
    static void scores1(float[] k, int k0, int k1, int k2, int k3, int d, float[] qt, float[] bias, int j,
                        float[] st, int sOff, float[] mx) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z;
        for (int dd = 0, qb = 0; dd < d; dd++, qb += QB) {
            FloatVector q0 = FloatVector.fromArray(S, qt, qb);
            c0 = q0.fma(FloatVector.broadcast(S, k[k0 + dd]), c0);
            c1 = q0.fma(FloatVector.broadcast(S, k[k1 + dd]), c1);
            c2 = q0.fma(FloatVector.broadcast(S, k[k2 + dd]), c2);
            c3 = q0.fma(FloatVector.broadcast(S, k[k3 + dd]), c3);
        }
        c0 = c0.add(bias[j]);
        c1 = c1.add(bias[j + 1]);
        c2 = c2.add(bias[j + 2]);
        c3 = c3.add(bias[j + 3]);
        c0.intoArray(st, sOff);
        c1.intoArray(st, sOff + QB);
        c2.intoArray(st, sOff + 2 * QB);
        c3.intoArray(st, sOff + 3 * QB);
        FloatVector.fromArray(S, mx, 0).max(c0).max(c1).max(c2).max(c3).intoArray(mx, 0);
    }

    /**
     * Online-softmax step of one query vector (lanes c = off .. off+L) over a block of {@code keys} score rows:
     * the new running max m' = max(m, mx), {@code alpha = exp(m - m')} (the factor the output accumulated so far
     * is rescaled by), {@code sT[j][c] <- exp(sT[j][c] - m')} in place, {@code l <- alpha*l + sum_j sT[j][c]};
     * mx is reset to -inf for the next block. Masked keys carry -inf scores, so they come out as 0.
     */
    static void softmaxStep(float[] st, int keys, int off, float[] m, float[] l, float[] alpha, float[] mx) {
        FloatVector mOld = FloatVector.fromArray(S, m, off);
        FloatVector mNew = mOld.max(FloatVector.fromArray(S, mx, off));
        mNew.intoArray(m, off);
        mOld.intoArray(alpha, off);
        // Array in, array out (VectorMath explains why no vector crosses a call here).
        VectorMath.expSubInPlace(st, off, keys, QB, m, off);
        VectorMath.expSubInPlace(alpha, off, 1, QB, m, off);
        FloatVector sum0 = FloatVector.zero(S);
        FloatVector sum1 = sum0;
        int j = 0;
        int at = off;
        for (; j + 1 < keys; j += 2, at += 2 * QB) {
            sum0 = sum0.add(FloatVector.fromArray(S, st, at));
            sum1 = sum1.add(FloatVector.fromArray(S, st, at + QB));
        }
        if (j < keys) {
            sum0 = sum0.add(FloatVector.fromArray(S, st, at));
        }
        FloatVector.fromArray(S, l, off).fma(FloatVector.fromArray(S, alpha, off), sum0.add(sum1)).intoArray(l, off);
        FloatVector.broadcast(S, Float.NEGATIVE_INFINITY).intoArray(mx, off);
    }

    /**
     * Four query rows i..i+3 x four vectors of output columns (value row j at vs[vOff + j*ldv ..], output row r at
     * o[oOff + r*dP ..]): {@code o[r][c] = alpha[i+r] * o[r][c] + sum over j < keys of pT[j*QB + i+r] * vs[j][c]}.
     */
    static void weighted4(float[] pt, int i, int keys, float[] vs, int vOff, int ldv, float[] o, int oOff,
                          int dP, float[] alpha) {
        FloatVector a0 = FloatVector.broadcast(S, alpha[i]);
        FloatVector a1 = FloatVector.broadcast(S, alpha[i + 1]);
        FloatVector a2 = FloatVector.broadcast(S, alpha[i + 2]);
        FloatVector a3 = FloatVector.broadcast(S, alpha[i + 3]);
        int r0 = oOff;
        int r1 = oOff + dP;
        int r2 = oOff + 2 * dP;
        int r3 = oOff + 3 * dP;
        FloatVector o00 = FloatVector.fromArray(S, o, r0).mul(a0);
        FloatVector o01 = FloatVector.fromArray(S, o, r0 + L).mul(a0);
        FloatVector o02 = FloatVector.fromArray(S, o, r0 + 2 * L).mul(a0);
        FloatVector o03 = FloatVector.fromArray(S, o, r0 + 3 * L).mul(a0);
        FloatVector o10 = FloatVector.fromArray(S, o, r1).mul(a1);
        FloatVector o11 = FloatVector.fromArray(S, o, r1 + L).mul(a1);
        FloatVector o12 = FloatVector.fromArray(S, o, r1 + 2 * L).mul(a1);
        FloatVector o13 = FloatVector.fromArray(S, o, r1 + 3 * L).mul(a1);
        FloatVector o20 = FloatVector.fromArray(S, o, r2).mul(a2);
        FloatVector o21 = FloatVector.fromArray(S, o, r2 + L).mul(a2);
        FloatVector o22 = FloatVector.fromArray(S, o, r2 + 2 * L).mul(a2);
        FloatVector o23 = FloatVector.fromArray(S, o, r2 + 3 * L).mul(a2);
        FloatVector o30 = FloatVector.fromArray(S, o, r3).mul(a3);
        FloatVector o31 = FloatVector.fromArray(S, o, r3 + L).mul(a3);
        FloatVector o32 = FloatVector.fromArray(S, o, r3 + 2 * L).mul(a3);
        FloatVector o33 = FloatVector.fromArray(S, o, r3 + 3 * L).mul(a3);
        for (int j = 0, pb = i, vb = vOff; j < keys; j++, pb += QB, vb += ldv) {
            FloatVector v0 = FloatVector.fromArray(S, vs, vb);
            FloatVector v1 = FloatVector.fromArray(S, vs, vb + L);
            FloatVector v2 = FloatVector.fromArray(S, vs, vb + 2 * L);
            FloatVector v3 = FloatVector.fromArray(S, vs, vb + 3 * L);
            FloatVector p0 = FloatVector.broadcast(S, pt[pb]);
            o00 = v0.fma(p0, o00);
            o01 = v1.fma(p0, o01);
            o02 = v2.fma(p0, o02);
            o03 = v3.fma(p0, o03);
            FloatVector p1 = FloatVector.broadcast(S, pt[pb + 1]);
            o10 = v0.fma(p1, o10);
            o11 = v1.fma(p1, o11);
            o12 = v2.fma(p1, o12);
            o13 = v3.fma(p1, o13);
            FloatVector p2 = FloatVector.broadcast(S, pt[pb + 2]);
            o20 = v0.fma(p2, o20);
            o21 = v1.fma(p2, o21);
            o22 = v2.fma(p2, o22);
            o23 = v3.fma(p2, o23);
            FloatVector p3 = FloatVector.broadcast(S, pt[pb + 3]);
            o30 = v0.fma(p3, o30);
            o31 = v1.fma(p3, o31);
            o32 = v2.fma(p3, o32);
            o33 = v3.fma(p3, o33);
        }
        o00.intoArray(o, r0);
        o01.intoArray(o, r0 + L);
        o02.intoArray(o, r0 + 2 * L);
        o03.intoArray(o, r0 + 3 * L);
        o10.intoArray(o, r1);
        o11.intoArray(o, r1 + L);
        o12.intoArray(o, r1 + 2 * L);
        o13.intoArray(o, r1 + 3 * L);
        o20.intoArray(o, r2);
        o21.intoArray(o, r2 + L);
        o22.intoArray(o, r2 + 2 * L);
        o23.intoArray(o, r2 + 3 * L);
        o30.intoArray(o, r3);
        o31.intoArray(o, r3 + L);
        o32.intoArray(o, r3 + 2 * L);
        o33.intoArray(o, r3 + 3 * L);
    }

    /**
     * As {@link #weighted4} for eight query rows i..i+7 x two vectors of output columns: a head of 2L dimensions
     * (32 at 512 bits: MiniLM, bge-small, e5-small) in one pass, two value loads per sixteen FMAs.
     */
    static void weighted2(float[] pt, int i, int keys, float[] vs, int vOff, int ldv, float[] o, int oOff,
                          int dP, float[] alpha) {
        int r0 = oOff;
        int r1 = r0 + dP;
        int r2 = r1 + dP;
        int r3 = r2 + dP;
        int r4 = r3 + dP;
        int r5 = r4 + dP;
        int r6 = r5 + dP;
        int r7 = r6 + dP;
        FloatVector o00 = FloatVector.fromArray(S, o, r0).mul(alpha[i]);
        FloatVector o01 = FloatVector.fromArray(S, o, r0 + L).mul(alpha[i]);
        FloatVector o10 = FloatVector.fromArray(S, o, r1).mul(alpha[i + 1]);
        FloatVector o11 = FloatVector.fromArray(S, o, r1 + L).mul(alpha[i + 1]);
        FloatVector o20 = FloatVector.fromArray(S, o, r2).mul(alpha[i + 2]);
        FloatVector o21 = FloatVector.fromArray(S, o, r2 + L).mul(alpha[i + 2]);
        FloatVector o30 = FloatVector.fromArray(S, o, r3).mul(alpha[i + 3]);
        FloatVector o31 = FloatVector.fromArray(S, o, r3 + L).mul(alpha[i + 3]);
        FloatVector o40 = FloatVector.fromArray(S, o, r4).mul(alpha[i + 4]);
        FloatVector o41 = FloatVector.fromArray(S, o, r4 + L).mul(alpha[i + 4]);
        FloatVector o50 = FloatVector.fromArray(S, o, r5).mul(alpha[i + 5]);
        FloatVector o51 = FloatVector.fromArray(S, o, r5 + L).mul(alpha[i + 5]);
        FloatVector o60 = FloatVector.fromArray(S, o, r6).mul(alpha[i + 6]);
        FloatVector o61 = FloatVector.fromArray(S, o, r6 + L).mul(alpha[i + 6]);
        FloatVector o70 = FloatVector.fromArray(S, o, r7).mul(alpha[i + 7]);
        FloatVector o71 = FloatVector.fromArray(S, o, r7 + L).mul(alpha[i + 7]);
        for (int j = 0, pb = i, vb = vOff; j < keys; j++, pb += QB, vb += ldv) {
            FloatVector v0 = FloatVector.fromArray(S, vs, vb);
            FloatVector v1 = FloatVector.fromArray(S, vs, vb + L);
            FloatVector p = FloatVector.broadcast(S, pt[pb]);
            o00 = v0.fma(p, o00);
            o01 = v1.fma(p, o01);
            p = FloatVector.broadcast(S, pt[pb + 1]);
            o10 = v0.fma(p, o10);
            o11 = v1.fma(p, o11);
            p = FloatVector.broadcast(S, pt[pb + 2]);
            o20 = v0.fma(p, o20);
            o21 = v1.fma(p, o21);
            p = FloatVector.broadcast(S, pt[pb + 3]);
            o30 = v0.fma(p, o30);
            o31 = v1.fma(p, o31);
            p = FloatVector.broadcast(S, pt[pb + 4]);
            o40 = v0.fma(p, o40);
            o41 = v1.fma(p, o41);
            p = FloatVector.broadcast(S, pt[pb + 5]);
            o50 = v0.fma(p, o50);
            o51 = v1.fma(p, o51);
            p = FloatVector.broadcast(S, pt[pb + 6]);
            o60 = v0.fma(p, o60);
            o61 = v1.fma(p, o61);
            p = FloatVector.broadcast(S, pt[pb + 7]);
            o70 = v0.fma(p, o70);
            o71 = v1.fma(p, o71);
        }
        o00.intoArray(o, r0);
        o01.intoArray(o, r0 + L);
        o10.intoArray(o, r1);
        o11.intoArray(o, r1 + L);
        o20.intoArray(o, r2);
        o21.intoArray(o, r2 + L);
        o30.intoArray(o, r3);
        o31.intoArray(o, r3 + L);
        o40.intoArray(o, r4);
        o41.intoArray(o, r4 + L);
        o50.intoArray(o, r5);
        o51.intoArray(o, r5 + L);
        o60.intoArray(o, r6);
        o61.intoArray(o, r6 + L);
        o70.intoArray(o, r7);
        o71.intoArray(o, r7 + L);
    }

    /** As {@link #weighted4} for one vector of output columns. */
    static void weighted1(float[] pt, int i, int keys, float[] vs, int vOff, int ldv, float[] o, int oOff,
                          int dP, float[] alpha) {
        int r0 = oOff;
        int r1 = oOff + dP;
        int r2 = oOff + 2 * dP;
        int r3 = oOff + 3 * dP;
        FloatVector o0 = FloatVector.fromArray(S, o, r0).mul(alpha[i]);
        FloatVector o1 = FloatVector.fromArray(S, o, r1).mul(alpha[i + 1]);
        FloatVector o2 = FloatVector.fromArray(S, o, r2).mul(alpha[i + 2]);
        FloatVector o3 = FloatVector.fromArray(S, o, r3).mul(alpha[i + 3]);
        for (int j = 0, pb = i, vb = vOff; j < keys; j++, pb += QB, vb += ldv) {
            FloatVector v = FloatVector.fromArray(S, vs, vb);
            o0 = v.fma(FloatVector.broadcast(S, pt[pb]), o0);
            o1 = v.fma(FloatVector.broadcast(S, pt[pb + 1]), o1);
            o2 = v.fma(FloatVector.broadcast(S, pt[pb + 2]), o2);
            o3 = v.fma(FloatVector.broadcast(S, pt[pb + 3]), o3);
        }
        o0.intoArray(o, r0);
        o1.intoArray(o, r1);
        o2.intoArray(o, r2);
        o3.intoArray(o, r3);
    }
}
