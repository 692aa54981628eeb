package io.github.distilbertj.kernels;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Measures the {@link KernelTuning} for this machine: a bounded coordinate search over the blocking and
 * threading parameters, timed on the model's own GEMM shapes at the pool's thread count, then cached per
 * machine (CPU model, vector width, thread count, shapes) under the user's cache directory and reused.
 *
 * <p>Why measure: the constants tuned by hand on one VM lost 10-30% on another with other cache sizes,
 * memory bandwidth and core wake-up latency, and VMs hide their cache sizes ({@code /sys} has no cache
 * entries), so nothing can be read off the machine. Every candidate computes the same result (see
 * {@link KernelTuning}); only its speed differs. Any failure falls back to {@link KernelTuning#DEFAULTS}.
 */
public final class KernelTuner {
    /**
     * System property (or environment variable {@value #MODE_ENV}): {@code auto} (cached, else measured; the
     * default), {@code retune}, or {@code off}.
     */
    public static final String MODE_PROPERTY = "distilbertj.tuning";
    public static final String MODE_ENV = "DISTILBERTJ_TUNING";
    /** System property: the cache directory (default {@code $XDG_CACHE_HOME/distilbertj/kernel-tuning}). */
    public static final String DIR_PROPERTY = "distilbertj.tuning.dir";
    /** System property: the search budget in milliseconds (default 10000). */
    public static final String BUDGET_PROPERTY = "distilbertj.tuning.budget-ms";

    /** What to do at load. */
    public enum Mode {
        /** Reuse this machine's cached tuning; measure and cache it when there is none. */
        AUTO,
        /** Measure again and overwrite the cache. */
        RETUNE,
        /** Use {@link KernelTuning#DEFAULTS}, measure nothing. */
        OFF;

        /** The mode {@link #MODE_PROPERTY} or else {@link #MODE_ENV} names; AUTO when neither is set. */
        public static Mode fromEnvironment() {
            return parse(System.getProperty(MODE_PROPERTY, System.getenv(MODE_ENV)));
        }

        public static Mode parse(String s) {
            if (s == null || s.isBlank()) {
                return AUTO;
            }
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "retune" -> RETUNE;
                case "off", "defaults" -> OFF;
                default -> throw new IllegalArgumentException(MODE_PROPERTY + " must be auto, retune or off, got '"
                        + s + "'");
            };
        }
    }

    /** One GEMM shape of the model: m rows (tokens), n outputs, k inputs. */
    public record Shape(int m, int n, int k) {
        public Shape {
            if (m < 1 || n < 1 || k < 1) {
                throw new IllegalArgumentException("shape dimensions must be >= 1, got " + m + "x" + n + "x" + k);
            }
        }

        @Override
        public String toString() {
            return m + "x" + n + "x" + k;
        }
    }

    /**
     * What to tune for and how.
     *
     * @param threads  the pool's thread count
     * @param shapes   the model's GEMM shapes (timed together; their sum is the score)
     * @param mode     see {@link Mode}
     * @param cacheDir where tuned parameters are kept, or null for no cache
     * @param budget   wall-clock bound of the whole search
     * @param format   the weight format the model's panels are packed in: BF16 and INT8 panels widen in the
     *                 micro-kernel, so their best blocking differs from fp32's and each format gets its own entry
     */
    public record Request(int threads, List<Shape> shapes, Mode mode, Path cacheDir, Duration budget,
                          WeightFormat format) {
        public Request {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            shapes = List.copyOf(shapes);
            if (shapes.isEmpty()) {
                throw new IllegalArgumentException("at least one shape is needed");
            }
            if (mode == null || budget == null || budget.isNegative()) {
                throw new IllegalArgumentException("mode and a non-negative budget are needed");
            }
            if (format == null) {
                throw new IllegalArgumentException("a weight format is needed");
            }
        }

        /** For fp32 panels. */
        public Request(int threads, List<Shape> shapes, Mode mode, Path cacheDir, Duration budget) {
            this(threads, shapes, mode, cacheDir, budget, WeightFormat.F32);
        }

        /**
         * The shapes of a transformer encoder's linear layers (fused QKV, attention output, FFN up and down) at a
         * short and a long batch, with mode, cache directory and budget from the system properties.
         */
        public static Request forEncoder(int threads, int hidden, int intermediate) {
            return forEncoder(threads, hidden, intermediate,
                    Mode.fromEnvironment());
        }

        /** As {@link #forEncoder(int, int, int)} with the given mode, for fp32 panels. */
        public static Request forEncoder(int threads, int hidden, int intermediate, Mode mode) {
            return forEncoder(threads, hidden, intermediate, mode, WeightFormat.F32);
        }

        /** As {@link #forEncoder(int, int, int)} with the given mode, for panels packed in {@code format}. */
        public static Request forEncoder(int threads, int hidden, int intermediate, Mode mode, WeightFormat format) {
            List<Shape> shapes = new ArrayList<>();
            for (int m : new int[] {32, 512}) {
                shapes.add(new Shape(m, 3 * hidden, hidden));
                shapes.add(new Shape(m, hidden, hidden));
                shapes.add(new Shape(m, intermediate, hidden));
                shapes.add(new Shape(m, hidden, intermediate));
            }
            return new Request(threads, shapes, mode, defaultCacheDir(),
                    Duration.ofMillis(Long.getLong(BUDGET_PROPERTY, 10_000)), format);
        }
    }

    /**
     * The outcome, for logs and {@code /info}.
     *
     * @param tuning       the parameters to use
     * @param source       {@code measured}, {@code cached}, {@code defaults} or {@code defaults (...why...)}
     * @param machineKey   what the cache entry is keyed by
     * @param cacheFile    the cache file read or written, or null
     * @param searchMillis how long the search took (0 when nothing was measured)
     * @param speedup      defaults' time over the chosen tuning's time on the shapes (1 when not measured)
     * @param handOffMicros the pool's hand-off cost: an empty parallel job with awake workers, then with
     *                      parked ones (measured with the search; empty when not measured)
     */
    public record Result(KernelTuning tuning, String source, String machineKey, Path cacheFile, long searchMillis,
                         double speedup, Map<String, Double> handOffMicros) {
        public Result {
            handOffMicros = Map.copyOf(handOffMicros);
        }

        public String describe() {
            return "kernel tuning " + tuning + " (" + source
                    + (searchMillis > 0 ? String.format(Locale.ROOT, ", searched in %.1f s, %.2fx the defaults' speed",
                    searchMillis / 1000.0, speedup) : "")
                    + (cacheFile != null ? ", " + cacheFile : "") + ")";
        }
    }

    private static final System.Logger LOG = System.getLogger("io.github.distilbertj.kernels");

    private KernelTuner() {
    }

    /** The cached tuning of this machine, or a fresh measurement, or the defaults; never throws. */
    public static Result resolve(Request request) {
        String key = machineKey(request);
        if (request.mode() == Mode.OFF) {
            return new Result(KernelTuning.DEFAULTS, "defaults (" + MODE_PROPERTY + "=off)", key, null, 0, 1, Map.of());
        }
        Path file = request.cacheDir() == null ? null : request.cacheDir().resolve(fileName(key));
        if (request.mode() == Mode.AUTO && file != null && Files.isRegularFile(file)) {
            try {
                Result cached = read(file, key);
                LOG.log(System.Logger.Level.INFO, "DistilBERT-J " + cached.describe());
                return cached;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "ignoring unreadable kernel tuning cache " + file + ": " + e);
            }
        }
        Result measured;
        try {
            measured = search(request, key, file);
        } catch (RuntimeException | OutOfMemoryError e) {
            Result fallback = new Result(KernelTuning.DEFAULTS, "defaults (tuning failed: " + e + ")", key, null, 0, 1,
                    Map.of());
            LOG.log(System.Logger.Level.WARNING, "DistilBERT-J " + fallback.describe());
            return fallback;
        }
        if (file != null) {
            try {
                write(file, measured);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot cache the kernel tuning in " + file + ": " + e);
                measured = new Result(measured.tuning(), measured.source(), key, null, measured.searchMillis(),
                        measured.speedup(), measured.handOffMicros());
            }
        }
        LOG.log(System.Logger.Level.INFO, "DistilBERT-J " + measured.describe());
        return measured;
    }

    // ------------------------------------------------------------------------------ the search

    /**
     * Coordinate descent from the defaults: each parameter in turn takes the candidate value that times best
     * (a change needs a 3% gain to count, so noise does not wander), as long as the budget lasts. The spin time
     * is chosen last and separately: the shortest spin within 2% of the best, since spinning burns a core that
     * the service's HTTP threads and other processes could use.
     */
    static Result search(Request request, String key, Path file) {
        long start = System.nanoTime();
        long deadline = start + request.budget().toNanos();
        Bench bench = new Bench(request);
        KernelTuning best = KernelTuning.DEFAULTS;
        // Warm-up: let C2 compile the kernels before anything is compared.
        for (int i = 0; i < 3 && System.nanoTime() < deadline; i++) {
            bench.time(best, 1);
        }
        double defaultsTime = bench.time(best, 3);
        double bestTime = defaultsTime;
        for (int round = 0; round < 2; round++) {
            boolean changed = false;
            for (String name : List.of("kc", "mc", "tasksPerThread", "minRowsPerTask", "aL2Bytes")) {
                for (KernelTuning candidate : variants(best, name)) {
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                    if (candidate.equals(best)) {
                        continue;
                    }
                    double t = bench.time(candidate, 3);
                    if (t < bestTime * 0.97) {
                        best = candidate;
                        bestTime = t;
                        changed = true;
                    }
                }
            }
            if (!changed || System.nanoTime() > deadline) {
                break;
            }
        }
        // Confirm against the defaults in alternation (a noisy spell must not pick a worse tuning).
        if (!best.equals(KernelTuning.DEFAULTS) && System.nanoTime() < deadline) {
            double a = 0;
            double b = 0;
            for (int i = 0; i < 2; i++) {
                a += bench.time(KernelTuning.DEFAULTS, 3);
                b += bench.time(best, 3);
            }
            defaultsTime = a / 2;
            bestTime = b / 2;
            if (bestTime >= defaultsTime) {
                best = KernelTuning.DEFAULTS;
                bestTime = defaultsTime;
            }
        }
        Map<String, Double> handOff = new LinkedHashMap<>();
        if (request.threads() > 1) {
            // The hand-off is always measured (about 50 ms: it is reported); the spin search only within the budget.
            best = chooseSpin(bench, best, deadline, handOff);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(best, "measured", key, file, Math.max(1, millis), defaultsTime / bestTime, handOff);
    }

    private static KernelTuning chooseSpin(Bench bench, KernelTuning best, long deadline, Map<String, Double> handOff) {
        try (KernelPool pool = new KernelPool(bench.threads, best.withSpinNanos(1_000_000))) {
            handOff.put("awake", bench.handOff(pool, 0));
        }
        try (KernelPool pool = new KernelPool(bench.threads, best.withSpinNanos(0))) {
            handOff.put("parked", bench.handOff(pool, 2));
        }
        long[] spins = {10_000, 30_000, 100_000, 300_000};
        double[] times = new double[spins.length];
        double min = Double.MAX_VALUE;
        for (int i = 0; i < spins.length; i++) {
            times[i] = System.nanoTime() < deadline ? bench.timeWithGaps(best.withSpinNanos(spins[i])) : Double.MAX_VALUE;
            min = Math.min(min, times[i]);
        }
        if (min == Double.MAX_VALUE) {
            return best;
        }
        for (int i = 0; i < spins.length; i++) {
            if (times[i] <= min * 1.02) {
                return best.withSpinNanos(spins[i]);
            }
        }
        return best;
    }

    /** The candidates for one parameter around the current tuning. */
    static List<KernelTuning> variants(KernelTuning t, String name) {
        List<KernelTuning> out = new ArrayList<>();
        switch (name) {
            case "kc" -> {
                for (int v : new int[] {192, 256, 384, 512, 768}) {
                    out.add(t.withKc(v));
                }
            }
            case "mc" -> {
                for (int v : new int[] {64, 128, 192, 256}) {
                    out.add(t.withMc(v));
                }
            }
            case "tasksPerThread" -> {
                for (int v : new int[] {1, 2, 4, 8}) {
                    out.add(t.withTasksPerThread(v));
                }
            }
            case "minRowsPerTask" -> {
                for (int v : new int[] {32, 64, 128}) {
                    out.add(t.withMinRowsPerTask(v));
                }
            }
            case "aL2Bytes" -> {
                for (long v : new long[] {128 * 1024, 256 * 1024, 512 * 1024, 1024 * 1024}) {
                    out.add(t.withAL2Bytes(v));
                }
            }
            default -> throw new IllegalArgumentException(name);
        }
        return out;
    }

    /** Random operands of the request's shapes, and timings of them under a tuning. */
    private static final class Bench {
        final int threads;
        final List<Shape> shapes;
        final Map<String, PackedWeights> weights = new HashMap<>();
        final float[] a;
        final float[] c;
        final float[] bias;

        Bench(Request r) {
            this.threads = r.threads();
            this.shapes = r.shapes();
            SplittableRandom rnd = new SplittableRandom(7);
            int maxA = 0;
            int maxC = 0;
            int maxN = 0;
            for (Shape s : shapes) {
                maxA = Math.max(maxA, s.m() * s.k());
                maxC = Math.max(maxC, s.m() * s.n());
                maxN = Math.max(maxN, s.n());
                weights.computeIfAbsent(s.n() + "x" + s.k(), x -> {
                    float[] w = new float[s.n() * s.k()];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) (rnd.nextDouble() - 0.5);
                    }
                    return PackedWeights.fromRowMajorNK(w, 0, s.n(), s.k(), r.format());
                });
            }
            this.a = new float[maxA];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rnd.nextDouble() - 0.5);
            }
            this.c = new float[maxC];
            this.bias = new float[maxN];
        }

        /** Median over reps of the summed time of every shape, in nanoseconds. */
        double time(KernelTuning tuning, int reps) {
            double[] t = new double[reps];
            try (KernelPool pool = new KernelPool(threads, tuning)) {
                runAll(pool);
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    runAll(pool);
                    t[r] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(t);
            return t[reps / 2];
        }

        /** As {@link #time} on the short shapes only, with a serial pause between GEMMs as a forward pass has. */
        double timeWithGaps(KernelTuning tuning) {
            double[] t = new double[5];
            try (KernelPool pool = new KernelPool(threads, tuning)) {
                for (int r = 0; r < t.length; r++) {
                    long t0 = System.nanoTime();
                    for (Shape s : shapes) {
                        if (s.m() <= 64) {
                            gemm(pool, s);
                            serialGap(20_000);
                        }
                    }
                    t[r] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(t);
            return t[t.length / 2];
        }

        /** Median latency in microseconds of an empty parallel job, after an idle pause of pauseMillis. */
        double handOff(KernelPool pool, long pauseMillis) {
            double[] t = new double[pauseMillis > 0 ? 15 : 200];
            for (int i = 0; i < t.length; i++) {
                if (pauseMillis > 0) {
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                long t0 = System.nanoTime();
                pool.parallelFor(threads, x -> { });
                t[i] = (System.nanoTime() - t0) / 1000.0;
            }
            Arrays.sort(t);
            return t[t.length / 2];
        }

        private void runAll(KernelPool pool) {
            for (Shape s : shapes) {
                gemm(pool, s);
            }
        }

        private void gemm(KernelPool pool, Shape s) {
            PackedWeights w = weights.get(s.n() + "x" + s.k());
            Sgemm.linear(pool, a, 0, s.k(), s.m(), w, bias, Epilogue.BIAS, null, 0, 0, c, 0, s.n());
        }

        private static void serialGap(long nanos) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    // ------------------------------------------------------------------------------ the cache

    /**
     * CPU model, vector width, threads, shapes and (when not fp32) weight format: what a tuning is valid for. fp32
     * adds nothing so that entries written before formats were keyed stay valid.
     */
    static String machineKey(Request r) {
        StringBuilder shapes = new StringBuilder();
        for (Shape s : r.shapes()) {
            shapes.append(s).append(',');
        }
        return cpuModel() + " | " + VectorWidth.SPECIES.vectorBitSize() + "-bit | " + r.threads() + " threads | "
                + Runtime.getRuntime().availableProcessors() + " cpus | shapes " + Integer.toHexString(shapes.toString().hashCode())
                + (r.format() == WeightFormat.F32 ? "" : " | " + r.format().id());
    }

    static String fileName(String key) {
        String safe = key.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 120) {
            safe = safe.substring(0, 100) + "_" + Integer.toHexString(key.hashCode());
        }
        return safe + ".properties";
    }

    /** "model name (family F model M)" of the first CPU in /proc/cpuinfo, read once; the JVM's arch and OS elsewhere. */
    static String cpuModel() {
        String name = null;
        String family = "?";
        String model = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.isEmpty()) {
                    break; // the end of the first processor's block
                }
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (line.startsWith("model name")) {
                    name = value;
                } else if (line.startsWith("cpu family")) {
                    family = value;
                } else if (line.startsWith("model\t") || line.startsWith("model ")) {
                    model = value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no permission: fall back to what the JVM knows
        }
        if (name == null) {
            return System.getProperty("os.arch") + " " + System.getProperty("os.name");
        }
        return name + " (family " + family + " model " + model + ")";
    }

    /** {@code $XDG_CACHE_HOME/distilbertj/kernel-tuning}, or {@code ~/.cache/...}, or the system property. */
    public static Path defaultCacheDir() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("distilbertj").resolve("kernel-tuning");
    }

    static Result read(Path file, String key) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        if (!key.equals(p.getProperty("machine"))) {
            throw new IOException("the cache entry is for another machine: " + p.getProperty("machine"));
        }
        Map<String, String> m = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            m.put(name, p.getProperty(name));
        }
        KernelTuning t = KernelTuning.fromMap(m);
        Map<String, Double> handOff = new LinkedHashMap<>();
        for (String name : List.of("awake", "parked")) {
            String v = p.getProperty("handOffMicros." + name);
            if (v != null) {
                handOff.put(name, Double.parseDouble(v));
            }
        }
        return new Result(t, "cached, measured " + p.getProperty("measuredAt", "?"), key, file,
                Long.parseLong(p.getProperty("searchMillis", "0")), Double.parseDouble(p.getProperty("speedup", "1")),
                handOff);
    }

    static void write(Path file, Result r) throws IOException {
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        r.tuning().asMap().forEach((k, v) -> p.setProperty(k, Long.toString(v)));
        p.setProperty("machine", r.machineKey());
        p.setProperty("measuredAt", Instant.now().toString());
        p.setProperty("searchMillis", Long.toString(r.searchMillis()));
        p.setProperty("speedup", String.format(Locale.ROOT, "%.4f", r.speedup()));
        r.handOffMicros().forEach((k, v) -> p.setProperty("handOffMicros." + k, String.format(Locale.ROOT, "%.2f", v)));
        Path tmp = Files.createTempFile(file.getParent(), "tuning", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "DistilBERT-J kernel tuning (KernelTuner); delete to measure again");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
