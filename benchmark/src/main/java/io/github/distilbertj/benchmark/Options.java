package io.github.distilbertj.benchmark;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What one run measures and where it writes.
 *
 * @param budgetSeconds timed seconds aimed at per (operation, thread count), all contenders together
 * @param warmup        untimed interleaved rounds before the timed ones
 * @param minRuns       runs per contender at least, however slow the operation
 * @param maxRuns       runs per contender at most, however fast
 * @param settleMillis  untimed pause before every call: spin-waiting workers of the previous
 *                      contender (ONNX Runtime's intra-op pool in this JVM, OpenBLAS threads in the
 *                      PyTorch process) go idle first, so no call shares a core with its predecessor's
 *                      spinners — as each contender would run alone in production
 */
public record Options(String mode, List<Integer> threads, List<Operation> operations, Path benchmarkDir,
                      Path resultsDir, Path report, Path chart, String python, long seed,
                      double budgetSeconds, int warmup, int minRuns, int maxRuns, int settleMillis) {

    public static final List<Operation> ALL = List.of(
            Operation.tokenizer(1), Operation.tokenizer(8),
            Operation.forward(1, 32), Operation.forward(1, 128), Operation.forward(8, 128), Operation.forward(32, 128),
            Operation.forward(1, 512), Operation.forward(8, 512),
            Operation.embed(8, 128), Operation.mixed(32),
            Operation.endToEnd(1), Operation.endToEnd(8),
            Operation.miniLm(1), Operation.miniLm(8), Operation.miniLmMixed(32));

    /** Rows the quick run (CI) leaves out: seconds per call at one thread for some contender. */
    static final java.util.Set<String> SLOW = java.util.Set.of("forward-32x128", "forward-1x512", "forward-8x512",
            "mixed-b32");

    static final String PYTHON = "/usr/bin/python3";

    /** The full suite: results/DATE.json, results/DATE.png, REPORT.md, report.png. */
    public static Options full(Path benchmarkDir) {
        return new Options("full", List.of(1, 2), ALL, benchmarkDir, benchmarkDir.resolve("results"),
                benchmarkDir.resolve("REPORT.md"), benchmarkDir.resolve("report.png"), PYTHON, 42,
                20, 3, 7, 300, 100);
    }

    /**
     * The smoke run (CI): every row but forward 32x128 (seconds per call at one thread), few runs,
     * written under target/ so that the committed results stay as they are.
     */
    public static Options quick(Path benchmarkDir) {
        Path out = benchmarkDir.resolve("target").resolve("quick");
        List<Operation> ops = ALL.stream().filter(o -> !SLOW.contains(o.id())).toList();
        return new Options("quick", List.of(1, 2), ops, benchmarkDir, out, out.resolve("REPORT.md"),
                out.resolve("report.png"), PYTHON, 42, 1.5, 1, 3, 20, 20);
    }

    public Options withOperations(List<Operation> ops) {
        return new Options(mode, threads, ops, benchmarkDir, resultsDir, report, chart, python, seed,
                budgetSeconds, warmup, minRuns, maxRuns, settleMillis);
    }

    public Options withThreads(List<Integer> t) {
        return new Options(mode, t, operations, benchmarkDir, resultsDir, report, chart, python, seed,
                budgetSeconds, warmup, minRuns, maxRuns, settleMillis);
    }

    public Options withOutput(Path dir) {
        return new Options(mode, threads, operations, benchmarkDir, dir, dir.resolve("REPORT.md"),
                dir.resolve("report.png"), python, seed, budgetSeconds, warmup, minRuns, maxRuns, settleMillis);
    }

    public Options withReport(Path markdown, Path png) {
        return new Options(mode, threads, operations, benchmarkDir, resultsDir, markdown, png, python, seed,
                budgetSeconds, warmup, minRuns, maxRuns, settleMillis);
    }

    public Options withBudget(double seconds, int warm, int min, int max) {
        return new Options(mode, threads, operations, benchmarkDir, resultsDir, report, chart, python, seed,
                seconds, warm, min, max, settleMillis);
    }

    public Options withPython(String py) {
        return new Options(mode, threads, operations, benchmarkDir, resultsDir, report, chart, py, seed,
                budgetSeconds, warmup, minRuns, maxRuns, settleMillis);
    }

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }
}
