package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AttentionTest {
    private static KernelPool pool;

    @BeforeAll
    static void open() {
        pool = new KernelPool(2);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    /** Fused QKV buffer [tokens, 3*hidden (+pad)], random padding mask with one fully masked sequence. */
    static void check(Random rnd, int batch, int seq, int heads, int headDim, boolean withMask, int pad) {
        check(rnd, batch, seq, heads, headDim, withMask, pad, false);
    }

    static double check(Random rnd, int batch, int seq, int heads, int headDim, boolean withMask, int pad,
                        boolean holes) {
        int[] mask = null;
        if (withMask) {
            mask = new int[batch * seq];
            for (int b = 0; b < batch; b++) {
                int valid = b == batch - 1 && batch > 1 ? 0 : 1 + rnd.nextInt(seq);
                for (int t = 0; t < seq; t++) {
                    mask[b * seq + t] = t < valid && !(holes && rnd.nextInt(3) == 0) ? 1 : 0;
                }
            }
        }
        return check(rnd, batch, seq, heads, headDim, mask, pad, 1.5f);
    }

    /** Returns the largest deviation seen, |actual - expected| / (1 + |expected|). */
    static double check(Random rnd, int batch, int seq, int heads, int headDim, int[] mask, int pad, float range) {
        int hidden = heads * headDim;
        int ld = 3 * hidden + pad;
        int rows = batch * seq;
        int qOff = 2;
        float[] qkv = TestData.matrix(rnd, qOff, ld, rows, 3 * hidden, range);
        double worst = 0;
        int ldOut = hidden + 3;
        int outOff = 1;
        float[] out = TestData.filled(outOff + rows * ldOut, -9f);
        float scale = (float) (1 / Math.sqrt(headDim));
        Attention.compute(pool, qkv, qOff, qkv, qOff + hidden, qkv, qOff + 2 * hidden, ld,
                batch, seq, heads, headDim, scale, mask, out, outOff, ldOut);
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                double[][] expected = ReferenceKernels.attentionHead(qkv, qOff, qkv, qOff + hidden, qkv,
                        qOff + 2 * hidden, ld, b, h, seq, headDim, scale, mask);
                for (int t = 0; t < seq; t++) {
                    for (int d = 0; d < headDim; d++) {
                        float actual = out[outOff + (b * seq + t) * ldOut + h * headDim + d];
                        worst = Math.max(worst, Math.abs(actual - expected[t][d]) / (1 + Math.abs(expected[t][d])));
                        if (!(Math.abs(actual - expected[t][d]) <= 2e-5 * (1 + Math.abs(expected[t][d])))) {
                            fail("b" + b + " h" + h + " t" + t + " d" + d + ": " + actual + " vs " + expected[t][d]
                                    + " (batch " + batch + " seq " + seq + " heads " + heads + " headDim " + headDim + ")");
                        }
                    }
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int j = hidden; j < ldOut; j++) {
                int idx = outOff + r * ldOut + j;
                if (idx < out.length) {
                    assertEquals(-9f, out[idx], "padding column written");
                }
            }
        }
        assertEquals(-9f, out[0], "before outOff written");
        return worst;
    }

    /**
     * Sequences spanning several key blocks and query blocks of the online softmax: the running max and sum
     * carried over blocks, rescaling, holes, a key block that is entirely masked before any unmasked key, and
     * large logits (a max that keeps growing from block to block).
     */
    @Test
    void longSequencesAcrossKeyAndQueryBlocks() {
        Random rnd = new Random(23);
        double worst = 0;
        worst = Math.max(worst, check(rnd, 1, 512, 2, 64, null, 0, 1.5f));
        worst = Math.max(worst, check(rnd, 2, 300, 2, 64, true, 3, true));
        worst = Math.max(worst, check(rnd, 1, 200, 1, 33, true, 1, true));
        int seq = 257;
        int[] lateKeys = new int[2 * seq];
        for (int t = 0; t < seq; t++) {
            lateKeys[t] = t >= 150 && t % 5 != 0 ? 1 : 0; // the first 150 keys (two whole blocks) masked
            lateKeys[seq + t] = t == seq - 1 ? 1 : 0; // only the very last key
        }
        worst = Math.max(worst, check(rnd, 2, seq, 3, 64, lateKeys, 0, 1.5f));
        // Inputs up to 3 in magnitude: sharper rows (the fp32 rounding of a logit grows with it, hence not more).
        worst = Math.max(worst, check(rnd, 1, 400, 2, 64, null, 0, 3f));
        System.out.println("attention, long sequences: largest deviation from the double reference " + worst);
    }

    @Test
    void matchesReferenceOverShapes() {
        Random rnd = new Random(17);
        check(rnd, 1, 1, 1, 1, false, 0);
        check(rnd, 2, 5, 3, 7, true, 1);
        check(rnd, 3, 17, 2, 16, true, 0);
        check(rnd, 2, 32, 12, 64, true, 5);
        check(rnd, 1, 33, 4, 64, false, 0);
        check(rnd, 2, 130, 2, 64, true, 0);
        check(rnd, 2, 9, 2, 33, true, 3);
        check(rnd, 3, 40, 2, 64, true, 0, true);
        check(rnd, 2, 7, 1, 16, true, 1, true);
        // Head sizes of the real catalogue models (32: MiniLM, bge-small, e5-small) and of 3 vectors at 512 bits,
        // with query blocks of 1, 2, 3 and 4 vectors (a block of 47 rows takes the three-vector kernels).
        check(rnd, 2, 47, 12, 32, true, 2);
        check(rnd, 1, 64, 3, 32, false, 0);
        check(rnd, 3, 23, 2, 32, true, 0, true);
        check(rnd, 2, 90, 2, 48, true, 1);
        check(rnd, 1, 40, 2, 64, false, 0);
    }

    @Test
    void fullyMaskedSequenceAveragesAllValues() {
        int seq = 3;
        float[] q = {1, 0, 0, 1, 1, 1};
        float[] k = {1, 0, 0, 1, 5, 5};
        float[] v = {1, 2, 3, 4, 5, 9};
        float[] out = new float[6];
        Attention.compute(pool, q, 0, k, 0, v, 0, 2, 1, seq, 1, 2, 1f, new int[] {0, 0, 0}, out, 0, 2);
        for (int t = 0; t < seq; t++) {
            assertEquals(3f, out[t * 2], 1e-6);
            assertEquals(5f, out[t * 2 + 1], 1e-6);
        }
    }

    @Test
    void invalidArguments() {
        float[] x = new float[2 * 8];
        float[] out = new float[2 * 8];
        SgemmTest.expect("batch", () -> Attention.compute(pool, x, 0, x, 0, x, 0, 8, 0, 2, 2, 4, 1f, null, out, 0, 8));
        SgemmTest.expect("headDim", () -> Attention.compute(pool, x, 0, x, 0, x, 0, 8, 1, 2, 2, 0, 1f, null, out, 0, 8));
        SgemmTest.expect("ld", () -> Attention.compute(pool, x, 0, x, 0, x, 0, 7, 1, 2, 2, 4, 1f, null, out, 0, 8));
        SgemmTest.expect("k", () -> Attention.compute(pool, x, 0, x, 1, x, 0, 8, 1, 2, 2, 4, 1f, null, out, 0, 8));
        SgemmTest.expect("v", () -> Attention.compute(pool, x, 0, x, 0, new float[3], 0, 8, 1, 2, 2, 4, 1f, null, out, 0, 8));
        SgemmTest.expect("out", () -> Attention.compute(pool, x, 0, x, 0, x, 0, 8, 1, 2, 2, 4, 1f, null, out, 1, 8));
        SgemmTest.expect("mask", () -> Attention.compute(pool, x, 0, x, 0, x, 0, 8, 1, 2, 2, 4, 1f, new int[1], out, 0, 8));
        SgemmTest.expect("scale", () -> Attention.compute(pool, x, 0, x, 0, x, 0, 8, 1, 2, 2, 4, Float.NaN, null, out, 0, 8));
    }
}
