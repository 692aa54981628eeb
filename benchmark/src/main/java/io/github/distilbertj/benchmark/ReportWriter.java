package io.github.distilbertj.benchmark;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes a run's results: DATE.json, the Markdown report and the chart (DATE.png and the report's copy). */
final class ReportWriter {

    static final List<String> COLUMNS = List.of(SideBySide.OURS, SideBySide.OURS_BF16, SideBySide.OURS_INT8,
            SideBySide.TORCH, SideBySide.ORT, SideBySide.ORT_INT8, SideBySide.DJL, SideBySide.LANGCHAIN);
    private static final Set<String> LOW_BIT_COLUMNS = Set.of(SideBySide.OURS_BF16, SideBySide.OURS_INT8,
            SideBySide.ORT_INT8);
    private static final Map<String, Color> COLORS = Map.of(
            SideBySide.OURS, new Color(0xD6, 0x27, 0x28), SideBySide.TORCH, new Color(0xFF, 0x7F, 0x0E),
            SideBySide.ORT, new Color(0x1F, 0x77, 0xB4), SideBySide.DJL, new Color(0x2C, 0xA0, 0x2C),
            SideBySide.LANGCHAIN, new Color(0x94, 0x67, 0xBD), SideBySide.OURS_BF16, new Color(0xE3, 0x77, 0xC2),
            SideBySide.OURS_INT8, new Color(0x8C, 0x56, 0x4B), SideBySide.ORT_INT8, new Color(0x17, 0xBE, 0xCF));

    private ReportWriter() {
    }

    static void write(Results results, Options options) throws IOException {
        Files.createDirectories(options.resultsDir());
        Path json = options.resultsDir().resolve(results.date() + ".json");
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(json.toFile(), results);
        Path png = options.resultsDir().resolve(results.date() + ".png");
        chart(results, png);
        if (!png.equals(options.chart())) {
            Files.createDirectories(options.chart().toAbsolutePath().getParent());
            Files.copy(png, options.chart(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path reportDir = options.report().toAbsolutePath().getParent();
        Files.createDirectories(reportDir);
        Files.writeString(options.report(), markdown(results, reportDir.relativize(options.chart().toAbsolutePath()),
                reportDir.relativize(json.toAbsolutePath())), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------ Markdown

    static String markdown(Results r, Path chart, Path json) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> m = r.machine();
        md.append("# DistilBERT-J side by side\n\n");
        md.append(String.format("Run of %s (%s mode, %.0f s wall): `benchmark/run.sh%s`. Raw numbers: [%s](%s).%n%n",
                r.startedUtc(), r.mode(), r.wallSeconds(), r.mode().equals("quick") ? " --quick" : "", json, json));
        md.append("Same weights everywhere: a seeded random DistilBERT-base (768 hidden, 6 layers, 12 heads, FFN 3072) ")
                .append("written by `benchmark/python/make_fixtures.py`; DistilBERT-J and PyTorch load its model.safetensors, ")
                .append("ONNX Runtime the `torch.onnx.export` of it (model.onnx). Before any row is timed, every contender's ")
                .append("output on that row's inputs is compared (last hidden state or embeddings: max abs diff <= 1e-4; ")
                .append("MiniLM vs LangChain4j: <= 1e-5; token ids: identical); the run stops if one differs.\n\n");
        md.append("![latency per operation](").append(chart).append(")\n\n");
        md.append("Cells: **median** / p90 latency in ms (lower is better). *ours/fastest* = DistilBERT-J median ÷ the ")
                .append("fastest peer's median at the same thread count (below 1: DistilBERT-J is faster). GFLOP/s from ")
                .append("the forward FLOPs (2·M·N·K per Linear + QKᵀ + PV) ÷ median; *% peak* = DistilBERT-J's GFLOP/s ÷ ")
                .append("the FMA peak measured in the same run.\n\n");
        md.append(table(r));
        md.append("\n");
        md.append(summary(r));
        md.append(breakdownTable(r));
        md.append("\n## Machine\n\n");
        md.append("| | |\n|---|---|\n");
        for (String key : List.of("cpu", "cpu_simd", "logical_cores", "memory_total", "os", "jdk", "vector_lanes_float",
                "onnxruntime", "djl_tokenizers", "langchain4j_minilm", "load_average_start", "load_average_end")) {
            md.append("| ").append(key).append(" | ").append(m.get(key)).append(" |\n");
        }
        Object torch = m.get("pytorch");
        md.append("| pytorch | ").append(String.valueOf(torch).replace("|", "\\|")).append(" |\n");
        md.append("| environment | ").append(String.valueOf(m.get("env")).replace("|", "\\|")).append(" |\n");
        md.append("| FMA peak (higher of start / end) | ");
        r.fmaPeakGflops().forEach((t, g) -> md.append(String.format(Locale.ROOT, "%d thread%s: %.0f GFLOP/s (%s); ", t,
                t == 1 ? "" : "s", g, samples(r, t))));
        md.append("|\n\n");
        md.append("""
                ## Method

                * One JVM drives everything (`io.github.distilbertj.benchmark.SideBySide`). DistilBERT-J and ONNX
                  Runtime run in process; PyTorch runs in a long-lived `benchmark/python/torch_worker.py` process
                  (line protocol on stdin/stdout; it times the model call itself with `perf_counter_ns`, so the pipe
                  is not counted against it).
                * Per row: the parity check, warm-up rounds, then timed rounds. Each round calls every contender
                  once and the starting contender rotates, so the contenders see the same machine state.
                  Before every call the driver pauses, untimed (100 ms in the full run, 20 ms in `--quick`), so
                  the spin-waiting workers of the previous contender (ONNX Runtime's intra-op pool in this JVM,
                  OpenBLAS threads in the PyTorch process) are idle again: each call gets the cores to itself,
                  as it would running alone. Without the pause, small 2-thread rows of whoever ran next were
                  up to 2x slower.
                * Threads: DistilBERT-J `Encoder.load(folder, n)`; ONNX Runtime a session per n (intra-op n,
                  inter-op 1, ALL_OPT, sequential); PyTorch `torch.set_num_threads(n)` plus
                  `openblas_set_num_threads(n)` (Debian's torch calls OpenBLAS through libblas.so.3, which does
                  not follow torch's setting), `OMP_WAIT_POLICY=PASSIVE`, and OpenBLAS picks its kernel from
                  the CPU (an inherited `OPENBLAS_CORETYPE` is removed: on this machine the shell pins Haswell,
                  AVX2 only, which in a check made PyTorch's forward 8x128 at one thread about 1.75x slower,
                  860 vs 490 ms). LangChain4j cannot be configured: its
                  ONNX Runtime session uses the library default (all cores), so it is compared only in the rows
                  whose thread count equals the core count (marked † elsewhere). Tokenizers run on the calling
                  thread (DJL's batch encode may use its own Rust thread pool).
                * Inputs, from a fixed seed: ids are [CLS] random word pieces [SEP] with a full mask; texts are
                  lowercase ASCII sentences of 6-60 words (so the hand-written Python WordPiece on the PyTorch side
                  is exact; PyTorch has no fast tokenizer here because `transformers` / `tokenizers` are not
                  installable from Debian).
                * Text rows: DistilBERT-J `Encoder.embed` (its tokenizer from vocab.txt, forward, mean pooling,
                  L2 normalisation); ONNX Runtime with the Hugging Face tokenizer through DJL, right padding,
                  mean pooling and normalisation in Java; PyTorch with the pure-Python WordPiece. MiniLM rows:
                  `Encoder.builtin(n).embed` vs `AllMiniLmL6V2EmbeddingModel.embed` / `embedAll`.
                """);
        return md.toString();
    }

    /** DistilBERT-J's time per forward operation, per row and thread count: where the next bottleneck is. */
    static String breakdownTable(Results r) {
        if (r.breakdown() == null || r.breakdown().isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Where DistilBERT-J's time goes\n\n");
        md.append("Mean ms per call from `Encoder.profileForward` right after the row was timed (wall time on the ")
                .append("calling thread, so a parallel op counts its elapsed time). *wait* = time the caller spent at the ")
                .append("end of parallel kernels waiting for the other thread (imbalance + hand-off), included in the ops; ")
                .append("*hand-offs* = parallel jobs per call.\n\n");
        List<String> names = new java.util.ArrayList<>(r.breakdown().get(0).millis().keySet());
        md.append("| row | threads |");
        names.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append(" total | wait | hand-offs |\n|---|---:|").append("---:|".repeat(names.size() + 3)).append('\n');
        for (Breakdown b : r.breakdown()) {
            md.append("| ").append(b.op()).append(" | ").append(b.threads()).append(" |");
            for (String n : names) {
                double v = b.millis().getOrDefault(n, 0.0);
                md.append(String.format(Locale.ROOT, " %s (%.0f%%) |", ms(v), 100 * v / b.totalMs()));
            }
            md.append(String.format(Locale.ROOT, " **%s** | %s | %.0f |%n", ms(b.totalMs()), ms(b.waitMs()),
                    b.handOffsPerCall()));
        }
        return md.toString();
    }

    static String table(Results r) {
        StringBuilder md = new StringBuilder();
        md.append("| operation | threads |");
        for (String c : COLUMNS) {
            md.append(' ').append(c).append(" |");
        }
        md.append(" ours/fastest | GFLOP/s ours · torch · ORT | % peak |\n|---|---:|");
        md.append("---:|".repeat(COLUMNS.size())).append("---:|---:|---:|\n");
        int cores = Runtime.getRuntime().availableProcessors();
        for (Measurement row : r.measurements()) {
            md.append("| ").append(row.label()).append(" | ").append(row.threads() == 0 ? "1 (caller)" : row.threads()).append(" |");
            for (String c : COLUMNS) {
                Stats s = row.latency().get(c);
                if (s == null) {
                    md.append(" – |");
                } else {
                    String mark = c.equals(SideBySide.LANGCHAIN) && row.threads() != cores ? " †" : "";
                    md.append(String.format(Locale.ROOT, " **%s** / %s%s |", ms(s.medianMs()), ms(s.p90Ms()), mark));
                }
            }
            md.append(row.ratioToFastestPeer() == null ? " – |"
                    : String.format(Locale.ROOT, " %.2f (%s) |", row.ratioToFastestPeer(), shortName(row.fastestPeer())));
            if (row.gflops().isEmpty()) {
                md.append(" – | – |\n");
            } else {
                md.append(String.format(Locale.ROOT, " %.0f · %.0f · %.0f | %.0f%% |%n", row.gflops().get(SideBySide.OURS),
                        row.gflops().get(SideBySide.TORCH), row.gflops().get(SideBySide.ORT), 100 * row.peakFraction()));
            }
        }
        return md.toString();
    }

    private static String samples(Results r, int threads) {
        if (r.fmaPeakSamples() == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        r.fmaPeakSamples().forEach((when, m) -> {
            if (m.containsKey(threads)) {
                parts.add(String.format(Locale.ROOT, "%s %.0f", when, m.get(threads)));
            }
        });
        return String.join(", ", parts);
    }

    private static String shortName(String contender) {
        return switch (contender) {
            case SideBySide.TORCH -> "torch";
            case SideBySide.ORT -> "ORT";
            case SideBySide.DJL -> "DJL";
            case SideBySide.LANGCHAIN -> "LC4J";
            case SideBySide.OURS -> "ours";
            case SideBySide.ORT_INT8 -> "ORT -q";
            default -> contender;
        };
    }

    static String ms(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Facts drawn from the numbers of this run: where DistilBERT-J wins, where it loses, how noisy it was. */
    static String summary(Results r) {
        StringBuilder md = new StringBuilder("## Summary (generated from this run's numbers)\n\n");
        List<Measurement> compared = r.measurements().stream().filter(x -> x.ratioToFastestPeer() != null).toList();
        List<Measurement> losses = compared.stream().filter(x -> x.ratioToFastestPeer() > 1.05).toList();
        List<Measurement> wins = compared.stream().filter(x -> x.ratioToFastestPeer() < 0.95).toList();
        md.append(String.format(Locale.ROOT, "* DistilBERT-J is faster than every comparable peer (by more than 5%%) in %d of "
                + "%d rows, within ±5%% in %d, slower in %d.%n", wins.size(), compared.size(),
                compared.size() - wins.size() - losses.size(), losses.size()));
        for (Measurement x : losses) {
            md.append(String.format(Locale.ROOT, "* **Loses**: %s, %s: %.2f× the time of %s (%s vs %s ms).%n", x.label(),
                    x.threads() == 0 ? "caller thread" : x.threads() + " thread" + (x.threads() == 1 ? "" : "s"),
                    x.ratioToFastestPeer(), x.fastestPeer(), ms(x.latency().get(SideBySide.OURS).medianMs()),
                    ms(x.latency().get(x.fastestPeer()).medianMs())));
        }
        for (Measurement x : wins) {
            md.append(String.format(Locale.ROOT, "* Wins: %s, %s: %.2f× the time of the fastest peer, %s.%n", x.label(),
                    x.threads() == 0 ? "caller thread" : x.threads() + " thread" + (x.threads() == 1 ? "" : "s"),
                    x.ratioToFastestPeer(), x.fastestPeer()));
        }
        r.measurements().stream().filter(x -> x.peakFraction() != null && x.kind().equals("FORWARD"))
                .max(java.util.Comparator.comparingDouble(Measurement::peakFraction))
                .ifPresent(x -> md.append(String.format(Locale.ROOT,
                        "* Best forward efficiency: %s at %d thread(s), %.0f GFLOP/s = %.0f%% of the measured FMA peak.%n",
                        x.label(), x.threads(), x.gflops().get(SideBySide.OURS), 100 * x.peakFraction())));
        List<String> scaling = new ArrayList<>();
        for (Measurement one : r.measurements()) {
            if (!one.kind().equals("FORWARD") || one.threads() != 1) {
                continue;
            }
            r.measurements().stream().filter(x -> x.op().equals(one.op()) && x.threads() == 2).findFirst().ifPresent(two -> {
                StringBuilder cell = new StringBuilder(one.label().replace("forward ", "")).append(": ");
                List<String> parts = new ArrayList<>();
                one.latency().forEach((name, s1) -> {
                    Stats s2 = two.latency().get(name);
                    if (s2 != null) {
                        parts.add(String.format(Locale.ROOT, "%s %.2f×", shortName(name), s1.medianMs() / s2.medianMs()));
                    }
                });
                scaling.add(cell.append(String.join(", ", parts)).toString());
            });
        }
        if (!scaling.isEmpty()) {
            md.append("* Speed-up from 1 to 2 threads (forward, median ÷ median): ").append(String.join("; ", scaling))
                    .append(".\n");
        }
        if (r.measurements().stream().anyMatch(x -> x.peakFraction() != null && x.peakFraction() > 1)) {
            md.append("* Some rows exceed 100% of the FMA peak: the peak loop was slowed by other load on the machine "
                    + "during both of its measurements: the peak is underestimated and the % peak column overstated "
                    + "(the GFLOP/s figures are unaffected).\n");
        }
        double worstSpread = 0;
        String worst = "";
        for (Measurement x : r.measurements()) {
            for (var e : x.latency().entrySet()) {
                double spread = e.getValue().p90Ms() / e.getValue().medianMs();
                if (spread > worstSpread) {
                    worstSpread = spread;
                    worst = e.getKey() + ", " + x.label() + ", " + x.threads() + " thr";
                }
            }
        }
        md.append(String.format(Locale.ROOT, "* Noise: load average %s at the start and %s at the end (2 cores); the widest "
                        + "p90/median spread was %.2f (%s). Ratios within ±10%% should not be read as a difference.%n",
                r.machine().get("load_average_start"), r.machine().get("load_average_end"), worstSpread, worst));
        return md.toString();
    }

    // ------------------------------------------------------------------------------ chart

    /**
     * One panel per family of rows, so that every bar of a panel has all its contenders (XChart's
     * log axis takes no gaps): tokenizers, DistilBERT-base per thread count, MiniLM.
     */
    static void chart(Results r, Path png) throws IOException {
        List<CategoryChart> panels = new ArrayList<>();
        List<Measurement> tokenizers = r.measurements().stream().filter(x -> x.kind().equals("TOKENIZER")).toList();
        if (!tokenizers.isEmpty()) {
            panels.add(panel("tokenizers (calling thread)", tokenizers, false));
        }
        Set<Integer> threadCounts = new LinkedHashSet<>();
        r.measurements().stream().filter(x -> x.threads() > 0).forEach(x -> threadCounts.add(x.threads()));
        for (int t : threadCounts) {
            List<Measurement> rows = r.measurements().stream()
                    .filter(x -> x.threads() == t && !x.kind().equals("TOKENIZER") && !x.kind().startsWith("MINILM")).toList();
            if (!rows.isEmpty()) {
                panels.add(panel("random DistilBERT-base, " + t + " thread" + (t == 1 ? "" : "s"), rows, false));
            }
        }
        // The mixed-length MiniLM row has the MiniLM row's contenders (no PyTorch, no ONNX Runtime): its panel.
        List<Measurement> miniLm = r.measurements().stream()
                .filter(x -> x.kind().equals("MINILM") || x.kind().equals("MINILM_MIXED")).toList();
        if (!miniLm.isEmpty()) {
            panels.add(panel("built-in all-MiniLM-L6-v2 (LangChain4j: its default threads)", miniLm, true));
        }
        BitmapEncoder.saveBitmap(panels, panels.size(), 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart panel(String title, List<Measurement> rows, boolean labelThreads) {
        // XChart lays out a multi-chart bitmap in cells of one size: every panel gets the same height.
        CategoryChart chart = new CategoryChartBuilder().width(1400).height(520)
                .title("DistilBERT-J side by side: " + title + " (median latency, ms, log scale)")
                .yAxisTitle("ms").build();
        var st = chart.getStyler();
        st.setYAxisLogarithmic(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setXAxisLabelRotation(12);
        st.setLabelsVisible(true);
        st.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        st.setYAxisDecimalPattern("#,##0.###");
        st.setOverlapped(false);
        List<String> categories = rows.stream()
                .map(x -> labelThreads ? x.label() + ", " + x.threads() + " thr" : x.label()).toList();
        List<Color> colors = new ArrayList<>();
        for (String c : COLUMNS) {
            // The low-bit contenders time only some rows (SideBySide.LOW_BIT_ROWS): charted where the whole panel has
            // them, always in the table.
            boolean partial = !rows.stream().allMatch(x -> x.latency().containsKey(c));
            if (rows.stream().noneMatch(x -> x.latency().containsKey(c)) || partial && LOW_BIT_COLUMNS.contains(c)) {
                continue;
            }
            List<Double> values = new ArrayList<>();
            for (Measurement x : rows) {
                Stats s = x.latency().get(c);
                if (s == null) {
                    throw new IllegalStateException(c + " has no " + x.label() + " row: a panel must be complete");
                }
                values.add(s.medianMs());
            }
            chart.addSeries(c, categories, values);
            colors.add(COLORS.get(c));
        }
        st.setSeriesColors(colors.toArray(Color[]::new));
        // Bars start at the axis minimum, which XChart puts at 0 unless told: invalid on a log axis.
        double min = rows.stream().flatMap(x -> x.latency().values().stream()).mapToDouble(Stats::medianMs).min().orElse(1);
        double max = rows.stream().flatMap(x -> x.latency().values().stream()).mapToDouble(Stats::medianMs).max().orElse(1);
        st.setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        st.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max * 1.5))));
        return chart;
    }
}
