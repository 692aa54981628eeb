package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class KernelPoolTest {
    @Test
    void everyTaskRunsExactlyOnce() {
        try (KernelPool pool = new KernelPool(3)) {
            for (int tasks : new int[] {0, 1, 2, 5, 100, 1000}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(tasks);
                pool.parallelFor(tasks, seen::incrementAndGet);
                for (int i = 0; i < tasks; i++) {
                    assertEquals(1, seen.get(i), "task " + i + " of " + tasks);
                }
            }
        }
    }

    @Test
    void taskExceptionReachesTheCallerAndThePoolStaysUsable() {
        try (KernelPool pool = new KernelPool(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> pool.parallelFor(50, i -> {
                        if (i == 37) {
                            throw boom;
                        }
                    }));
            assertSame(boom, thrown);
            AtomicIntegerArray seen = new AtomicIntegerArray(10);
            pool.parallelFor(10, seen::incrementAndGet);
            for (int i = 0; i < 10; i++) {
                assertEquals(1, seen.get(i));
            }
        }
    }

    @Test
    void nestedCallsRunInline() {
        try (KernelPool pool = new KernelPool(2)) {
            AtomicIntegerArray seen = new AtomicIntegerArray(16);
            pool.parallelFor(4, i -> pool.parallelFor(4, j -> seen.incrementAndGet(i * 4 + j)));
            for (int i = 0; i < 16; i++) {
                assertEquals(1, seen.get(i));
            }
        }
    }

    @Test
    void concurrentCallersOnOnePoolGetCorrectResults() throws Exception {
        Random rnd = new Random(1);
        int m = 37;
        int n = 90;
        int k = 70;
        float[] a = TestData.random(rnd, m * k, 1f);
        float[] w = TestData.random(rnd, n * k, 1f);
        float[] bias = TestData.random(rnd, n, 1f);
        PackedWeights pw = PackedWeights.fromRowMajorNK(w, 0, n, k);
        float[] expected = new float[m * n];
        try (KernelPool single = new KernelPool(1)) {
            Sgemm.linear(single, a, 0, k, m, pw, bias, Epilogue.BIAS_GELU, null, 0, 0, expected, 0, n);
        }
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (KernelPool pool = new KernelPool(2)) {
            List<Callable<float[]>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(() -> {
                    float[] c = new float[m * n];
                    for (int rep = 0; rep < 50; rep++) {
                        Sgemm.linear(pool, a, 0, k, m, pw, bias, Epilogue.BIAS_GELU, null, 0, 0, c, 0, n);
                    }
                    return c;
                });
            }
            for (Future<float[]> f : callers.invokeAll(jobs)) {
                // Same blocking whichever thread runs a tile, so results are bit-identical.
                assertArrayEquals(expected, f.get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void closeIsIdempotentJoinsWorkersAndStopsWork() {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        KernelPool pool = new KernelPool(3);
        List<Thread> mine = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("distilbertj-kernel-")).toList();
        assertEquals(2, mine.size(), "workers started: " + mine);
        assertEquals(3, pool.threads());
        pool.close();
        for (Thread t : mine) {
            assertEquals(false, t.isAlive(), t.getName() + " still alive after close()");
        }
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.parallelFor(3, i -> { }));
        PackedWeights w = PackedWeights.fromRowMajorNK(new float[4], 0, 2, 2);
        assertThrows(IllegalStateException.class,
                () -> Sgemm.linear(pool, new float[2], 0, 2, 1, w, null, Epilogue.NONE, null, 0, 0, new float[2], 0, 2));
    }

    @Test
    void invalidArguments() {
        SgemmTest.expect("threads", () -> new KernelPool(0));
        try (KernelPool pool = KernelPool.ofAvailableProcessors()) {
            assertEquals(Runtime.getRuntime().availableProcessors(), pool.threads());
            SgemmTest.expect("tasks", () -> pool.parallelFor(-1, i -> { }));
            SgemmTest.expect("body", () -> pool.parallelFor(1, null));
        }
    }
}
