package io.github.distilbertj.benchmark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsTest {

    @Test
    void medianOfOddCountIsTheMiddleRun() {
        Stats s = Stats.of(new long[] {5_000_000, 1_000_000, 3_000_000});
        assertEquals(3.0, s.medianMs(), 1e-12);
        assertEquals(1.0, s.minMs(), 1e-12);
        assertEquals(5.0, s.maxMs(), 1e-12);
        assertEquals(3, s.runs());
    }

    @Test
    void medianOfEvenCountAveragesTheMiddlePair() {
        assertEquals(2.5, Stats.of(new long[] {4_000_000, 1_000_000, 3_000_000, 2_000_000}).medianMs(), 1e-12);
    }

    @Test
    void p90IsTheNearestRank() {
        long[] runs = new long[20];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = (i + 1) * 1_000_000L; // 1..20 ms, shuffled order does not matter
        }
        // nearest rank: ceil(0.9 * 20) = 18th smallest
        assertEquals(18.0, Stats.of(runs).p90Ms(), 1e-12);
    }

    @Test
    void noRunsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new long[0]));
    }
}
