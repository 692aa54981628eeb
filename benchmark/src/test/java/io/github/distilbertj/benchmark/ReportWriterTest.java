package io.github.distilbertj.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer on a hand-made result set: files, table cells, ratios and the generated summary. */
class ReportWriterTest {

    private static Map<String, Stats> latency(Object... nameAndMedian) {
        Map<String, Stats> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndMedian.length; i += 2) {
            double median = (Double) nameAndMedian[i + 1];
            m.put((String) nameAndMedian[i], new Stats(10, median, median * 1.1, median * 0.9, median * 1.5));
        }
        return m;
    }

    private static Map<String, Map<Integer, Double>> peakSamples() {
        Map<String, Map<Integer, Double>> samples = new LinkedHashMap<>(); // run order: start, then end
        samples.put("start", Map.of(2, 190.0));
        samples.put("end", Map.of(2, 200.0));
        return samples;
    }

    @Test
    void writesJsonMarkdownAndChart(@TempDir Path dir) throws Exception {
        double flops = ForwardFlops.distilBertBase(1, 128);
        List<Measurement> rows = List.of(
                new Measurement("tokenizer-b1", "tokenizer, batch 1", "TOKENIZER", 0,
                        latency(SideBySide.OURS, 0.05, SideBySide.DJL, 0.1), SideBySide.DJL, 0.5, null, Map.of(), null),
                new Measurement("forward-1x128", "forward 1x128", "FORWARD", 2,
                        latency(SideBySide.OURS, 60.0, SideBySide.TORCH, 40.0, SideBySide.ORT, 50.0), SideBySide.TORCH, 1.5,
                        flops, Map.of(SideBySide.OURS, flops / 60e6, SideBySide.TORCH, flops / 40e6, SideBySide.ORT, flops / 50e6),
                        flops / 60e6 / 200),
                new Measurement("minilm-b1", "MiniLM-L6 text to embedding, batch 1", "MINILM", 2,
                        latency(SideBySide.OURS, 5.0, SideBySide.LANGCHAIN, 6.0), SideBySide.LANGCHAIN, 5.0 / 6, null, Map.of(), null),
                // Its contenders are the MiniLM row's: charting it with the forward rows failed (no PyTorch bar).
                new Measurement("minilm-mixed-b32", "MiniLM-L6 32 mixed-length texts (5-128 tokens)", "MINILM_MIXED", 2,
                        latency(SideBySide.OURS, 200.0, SideBySide.LANGCHAIN, 300.0), SideBySide.LANGCHAIN, 2.0 / 3, null,
                        Map.of(), null));
        Results results = new Results("2026-01-02", "2026-01-02T03:04:05Z", "quick", "--quick", 12,
                new LinkedHashMap<>(Map.of("cpu", "test cpu", "load_average_start", "0.1", "load_average_end", "0.2")),
                Map.of(2, 200.0), peakSamples(), List.of(new ParityRecord("forward-1x128", 2, "a vs b", 1e-6, 1e-4)), rows,
                List.of(new Breakdown("forward-1x128", 2, 10, 60.0,
                        new LinkedHashMap<>(Map.of("attention", 15.0)), 3.0, 48)));
        Options options = Options.quick(dir).withOutput(dir.resolve("out"));

        ReportWriter.write(results, options);

        Path json = dir.resolve("out/2026-01-02.json");
        assertTrue(Files.size(json) > 0);
        assertTrue(Files.readString(json).contains("\"forward-1x128\""));
        BufferedImage png = ImageIO.read(dir.resolve("out/2026-01-02.png").toFile());
        assertNotNull(png);
        assertEquals(1400, png.getWidth());
        assertTrue(Files.isRegularFile(options.chart()));
        String md = Files.readString(options.report());
        assertTrue(md.contains("| forward 1x128 | 2 | **60.0** / 66.0 | – | – | **40.0** / 44.0 | **50.0** / 55.0 | – |"), md);
        assertTrue(md.contains("1.50 (torch)"), md);
        assertTrue(md.contains("**Loses**: forward 1x128, 2 threads: 1.50× the time of PyTorch"), md);
        assertTrue(md.contains("![latency per operation](report.png)"), md);
        assertTrue(md.contains("2 threads: 200 GFLOP/s (start 190, end 200)"), md);
        assertTrue(md.contains("## Where DistilBERT-J's time goes"), md);
        assertTrue(md.contains("| forward-1x128 | 2 | 15.0 (25%) | **60.0** | 3.00 | 48 |"), md);
    }
}
