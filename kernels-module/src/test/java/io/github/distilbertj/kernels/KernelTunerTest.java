package io.github.distilbertj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelTunerTest {
    private static final List<KernelTuner.Shape> SHAPES = List.of(
            new KernelTuner.Shape(16, 96, 64), new KernelTuner.Shape(64, 64, 96));

    private static KernelTuner.Request request(KernelTuner.Mode mode, Path dir, int threads) {
        return new KernelTuner.Request(threads, SHAPES, mode, dir, Duration.ofMillis(2500));
    }

    @Test
    void measuresOnceThenReusesTheCacheAndRetunesOnDemand(@TempDir Path dir) throws Exception {
        KernelTuner.Result first = KernelTuner.resolve(request(KernelTuner.Mode.AUTO, dir, 2));
        assertEquals("measured", first.source());
        assertTrue(first.searchMillis() > 0 && first.searchMillis() < 10_000, "search took " + first.searchMillis());
        assertTrue(Files.isRegularFile(first.cacheFile()), "cache written");
        assertTrue(first.handOffMicros().containsKey("awake") && first.handOffMicros().containsKey("parked"),
                first.handOffMicros().toString());

        KernelTuner.Result second = KernelTuner.resolve(request(KernelTuner.Mode.AUTO, dir, 2));
        assertTrue(second.source().startsWith("cached"), second.source());
        assertEquals(first.tuning(), second.tuning());
        assertEquals(first.cacheFile(), second.cacheFile());

        KernelTuner.Result again = KernelTuner.resolve(request(KernelTuner.Mode.RETUNE, dir, 2));
        assertEquals("measured", again.source());

        // Another thread count is another machine key, so another entry.
        KernelTuner.Result single = KernelTuner.resolve(request(KernelTuner.Mode.AUTO, dir, 1));
        assertEquals("measured", single.source());
        assertTrue(!single.cacheFile().equals(first.cacheFile()));
    }

    @Test
    void eachWeightFormatIsTunedOnItsOwnPanelsAndCachedApart(@TempDir Path dir) throws Exception {
        KernelTuner.Result f32 = KernelTuner.resolve(request(KernelTuner.Mode.AUTO, dir, 1));
        KernelTuner.Result explicitF32 = KernelTuner.resolve(new KernelTuner.Request(
                1, SHAPES, KernelTuner.Mode.AUTO, dir, Duration.ofMillis(2500), WeightFormat.F32));
        // fp32's key is the one written before formats were keyed, so existing caches stay valid.
        assertTrue(explicitF32.source().startsWith("cached"), explicitF32.source());
        assertEquals(f32.cacheFile(), explicitF32.cacheFile());
        assertTrue(!f32.machineKey().contains("f32"), f32.machineKey());

        for (WeightFormat format : List.of(WeightFormat.BF16, WeightFormat.INT8)) {
            KernelTuner.Request r = new KernelTuner.Request(
                    1, SHAPES, KernelTuner.Mode.AUTO, dir, Duration.ofMillis(2500), format);
            KernelTuner.Result measured = KernelTuner.resolve(r);
            assertEquals("measured", measured.source(), format.toString());
            assertTrue(measured.machineKey().endsWith("| " + format.id()), measured.machineKey());
            assertTrue(!measured.cacheFile().equals(f32.cacheFile()), measured.cacheFile().toString());
            assertTrue(KernelTuner.resolve(r).source().startsWith("cached"), format.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new KernelTuner.Request(
                1, SHAPES, KernelTuner.Mode.AUTO, dir, Duration.ofMillis(2500), null));
    }

    @Test
    void aCorruptCacheIsMeasuredAgain(@TempDir Path dir) throws Exception {
        KernelTuner.Result first = KernelTuner.resolve(request(KernelTuner.Mode.AUTO, dir, 1));
        Files.writeString(first.cacheFile(), "kc=banana\n");
        KernelTuner.Result second = KernelTuner.resolve(request(KernelTuner.Mode.AUTO, dir, 1));
        assertEquals("measured", second.source());
        assertTrue(KernelTuner.resolve(request(KernelTuner.Mode.AUTO, dir, 1)).source().startsWith("cached"));
    }

    @Test
    void offMeasuresNothingAndAnUnwritableCacheStillTunes(@TempDir Path dir) throws Exception {
        KernelTuner.Result off = KernelTuner.resolve(request(KernelTuner.Mode.OFF, dir, 2));
        assertEquals(KernelTuning.DEFAULTS, off.tuning());
        assertNull(off.cacheFile());

        Path notADir = Files.writeString(dir.resolve("file"), "x");
        KernelTuner.Result r = KernelTuner.resolve(request(KernelTuner.Mode.AUTO, notADir, 1));
        assertEquals("measured", r.source());
        assertNull(r.cacheFile());
    }

    @Test
    void parsesModes() {
        assertEquals(KernelTuner.Mode.AUTO, KernelTuner.Mode.parse(null));
        assertEquals(KernelTuner.Mode.RETUNE, KernelTuner.Mode.parse(" Retune "));
        assertEquals(KernelTuner.Mode.OFF, KernelTuner.Mode.parse("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelTuner.Mode.parse("fast"));
        assertTrue(e.getMessage().contains("auto, retune or off"), e.getMessage());
    }
}
