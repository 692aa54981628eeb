package io.github.distilbertj.api;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The split of a batch into padded forward passes. */
class PaddingPlanTest {

    @Test
    void equalLengthsStayOnePass() {
        assertThat(PaddingPlan.split(new int[] {12, 12, 12, 12}, 19)).isDeepEqualTo(new int[][] {{0, 1, 2, 3}});
    }

    @Test
    void closeLengthsStayTogetherWhenAnotherPassCostsMoreThanThePadding() {
        // One pass: 19 + 3 * 13 = 58 padded-token units; two passes: 19 + 12 + 19 + 2 * 13 = 76.
        assertThat(PaddingPlan.split(new int[] {13, 12, 13}, 19)).isDeepEqualTo(new int[][] {{1, 0, 2}});
    }

    @Test
    void shortAndLongSequencesRunAsSeparatePasses() {
        int[] lengths = {40, 3, 40, 3, 3, 40, 3, 3, 3, 3};
        int[][] groups = PaddingPlan.split(lengths, 19);
        // One pass: 19 + 10 * 40 = 419; short ones apart: 19 + 7 * 3 + 19 + 3 * 40 = 179.
        assertThat(groups).hasNumberOfRows(2);
        assertThat(groups[0]).containsExactlyInAnyOrder(1, 3, 4, 6, 7, 8, 9);
        assertThat(groups[1]).containsExactlyInAnyOrder(0, 2, 5);
    }

    @Test
    void theSplitIsTheCheapestOfAllConsecutiveSplits() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(9);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                lengths[i] = 1 + random.nextInt(60);
            }
            int passCost = random.nextInt(40);
            int[][] groups = PaddingPlan.split(lengths, passCost);
            assertThat(Arrays.stream(groups).flatMapToInt(Arrays::stream).sorted().toArray())
                    .as("every index once").containsExactly(java.util.stream.IntStream.range(0, n).toArray());
            assertThat(cost(groups, lengths, passCost)).isEqualTo(bruteForce(lengths, passCost));
        }
    }

    @Test
    void noSequencesNoPasses() {
        assertThat(PaddingPlan.split(new int[0], 19)).isEmpty();
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

    /** Every way to cut the sorted lengths into consecutive runs (2^(n-1) of them). */
    private static long bruteForce(int[] lengths, int passCost) {
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        long best = Long.MAX_VALUE;
        for (int cuts = 0; cuts < 1 << (n - 1); cuts++) {
            long total = 0;
            int start = 0;
            for (int i = 0; i < n; i++) {
                boolean end = i == n - 1 || (cuts & (1 << i)) != 0;
                if (end) {
                    total += passCost + (long) (i - start + 1) * sorted[i];
                    start = i + 1;
                }
            }
            best = Math.min(best, total);
        }
        return best;
    }
}
