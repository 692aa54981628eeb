package io.github.distilbertj.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The split of a batch into padded forward passes ({@link Encoder}'s chunks). */
class PaddingPlanTest {
    private static final int NO_CAP = Integer.MAX_VALUE;

    @Test
    void equalLengthsStayOnePass() {
        assertArrayEquals(new int[][] {{0, 1, 2, 3}}, PaddingPlan.split(new int[] {12, 12, 12, 12}, 19, NO_CAP));
    }

    @Test
    void closeLengthsStayTogetherWhenAnotherPassCostsMoreThanThePadding() {
        // One pass: 19 + 3 * 13 = 58 padded-token units; two passes: 19 + 12 + 19 + 2 * 13 = 76.
        assertArrayEquals(new int[][] {{1, 0, 2}}, PaddingPlan.split(new int[] {13, 12, 13}, 19, NO_CAP));
    }

    @Test
    void shortAndLongSequencesRunAsSeparatePasses() {
        int[] lengths = {40, 3, 40, 3, 3, 40, 3, 3, 3, 3};
        int[][] groups = PaddingPlan.split(lengths, 19, NO_CAP);
        // One pass: 19 + 10 * 40 = 419; short ones apart: 19 + 7 * 3 + 19 + 3 * 40 = 179.
        assertEquals(2, groups.length);
        assertArrayEquals(new int[] {1, 3, 4, 6, 7, 8, 9}, sorted(groups[0]));
        assertArrayEquals(new int[] {0, 2, 5}, sorted(groups[1]));
    }

    @Test
    void theSplitIsTheCheapestOfAllConsecutiveSplitsWithinTheTokenCap() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(9);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                lengths[i] = 1 + random.nextInt(60);
            }
            int passCost = random.nextInt(40);
            int cap = trial % 2 == 0 ? NO_CAP : 1 + random.nextInt(200);
            int[][] groups = PaddingPlan.split(lengths, passCost, cap);
            assertArrayEquals(java.util.stream.IntStream.range(0, n).toArray(),
                    Arrays.stream(groups).flatMapToInt(Arrays::stream).sorted().toArray(), "every index once");
            for (int[] g : groups) {
                assertTrue(g.length == 1 || (long) g.length * lengths[g[g.length - 1]] <= cap,
                        "group within the cap of " + cap + ": " + Arrays.toString(g));
            }
            assertEquals(bruteForce(lengths, passCost, cap), cost(groups, lengths, passCost));
        }
    }

    @Test
    void theTokenCapSplitsEqualLengthsToo() {
        // 5 x 40 = 200 padded tokens > 120: two passes (3 + 2 sequences) are the cheapest within the cap.
        int[][] groups = PaddingPlan.split(new int[] {40, 40, 40, 40, 40}, 19, 120);
        assertArrayEquals(new int[] {2, 3}, sorted(new int[] {groups[0].length, groups[1].length}));
    }

    @Test
    void aSequenceLongerThanTheCapStillRunsAlone() {
        assertArrayEquals(new int[][] {{1}, {0}}, PaddingPlan.split(new int[] {500, 3}, 19, 100));
    }

    @Test
    void noSequencesNoPasses() {
        assertEquals(0, PaddingPlan.split(new int[0], 19, NO_CAP).length);
    }

    private static int[] sorted(int[] v) {
        int[] c = v.clone();
        Arrays.sort(c);
        return c;
    }

    private static long cost(int[][] groups, int[] lengths, int passCost) {
        long total = 0;
        for (int[] g : groups) {
            int longest = 0;
            for (int i : g) {
                longest = Math.max(longest, lengths[i]);
            }
            total += passCost + (long) g.length * longest;
        }
        return total;
    }

    /** Every way to cut the sorted lengths into consecutive runs (2^(n-1) of them) that respect the cap. */
    private static long bruteForce(int[] lengths, int passCost, int cap) {
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        long best = Long.MAX_VALUE;
        for (int cuts = 0; cuts < 1 << (n - 1); cuts++) {
            long total = 0;
            int start = 0;
            boolean fits = true;
            for (int i = 0; i < n; i++) {
                boolean end = i == n - 1 || (cuts & (1 << i)) != 0;
                if (end) {
                    long size = i - start + 1;
                    fits &= size == 1 || size * sorted[i] <= cap;
                    total += passCost + size * sorted[i];
                    start = i + 1;
                }
            }
            if (fits) {
                best = Math.min(best, total);
            }
        }
        return best;
    }
}
