package io.github.distilbertj.benchmark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForwardFlopsTest {

    /** 2·M·N·K of one matrix product. */
    private static double mm(double m, double n, double k) {
        return 2 * m * n * k;
    }

    @Test
    void distilBertBaseMatchesTheSumOfItsMatrixProducts() {
        int b = 8;
        int s = 128;
        int tokens = b * s;
        int heads = 12;
        int head = 64;
        double perLayer = mm(tokens, 768, 768)       // q_lin
                + mm(tokens, 768, 768)               // k_lin
                + mm(tokens, 768, 768)               // v_lin
                + mm(tokens, 768, 768)               // out_lin
                + mm(tokens, 3072, 768)              // ffn.lin1
                + mm(tokens, 768, 3072)              // ffn.lin2
                + b * heads * mm(s, s, head)         // q @ k^T per head
                + b * heads * mm(s, head, s);        // softmax(...) @ v per head
        assertEquals(6 * perLayer, ForwardFlops.distilBertBase(b, s), 1e-6 * perLayer);
    }

    @Test
    void attentionGrowsQuadraticallyWithLength() {
        double linearPart = ForwardFlops.of(1, 100, 768, 3072, 1) - 4.0 * 100 * 100 * 768;
        double twice = ForwardFlops.of(1, 200, 768, 3072, 1) - 4.0 * 200 * 200 * 768;
        assertEquals(2 * linearPart, twice, 1e-3);
    }
}
