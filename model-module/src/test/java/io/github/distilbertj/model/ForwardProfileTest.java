package io.github.distilbertj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardProfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"distilbert-tiny", "bert-tiny"})
    void everyOpIsTimedAndTheResultsAreUnchanged(String fixture) throws IOException {
        try (Encoder encoder = Encoder.load(Fixtures.folder(fixture), 2)) {
            int[][] ids = {{101, 2000, 2001, 2002, 102}, {101, 3000, 102}};
            float[][][] before = encoder.forward(ids, null);
            ForwardProfile p = encoder.profileForward(ids, null, 3);
            assertEquals(3, p.calls());
            assertEquals(2, p.threads());
            for (ForwardOp op : ForwardOp.values()) {
                assertTrue(p.millisPerCall().get(op) > 0, op + " was timed: " + p);
            }
            double sum = p.millisPerCall().values().stream().mapToDouble(Double::doubleValue).sum();
            assertTrue(sum <= p.totalMillis() * 1.0001, "ops add up to at most the whole call: " + p);
            assertTrue(p.parallelJobs() >= 0 && p.waitMillis() >= 0, p.toString());
            float[][][] after = encoder.forward(ids, null);
            for (int b = 0; b < ids.length; b++) {
                for (int t = 0; t < ids[b].length; t++) {
                    for (int d = 0; d < before[b][t].length; d++) {
                        assertEquals(before[b][t][d], after[b][t][d], 1e-5);
                    }
                }
            }
            assertThrows(IllegalArgumentException.class, () -> encoder.profileForward(ids, null, 0));
        }
    }
}
