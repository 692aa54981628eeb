package io.github.distilbertj.benchmark;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole chain on a few rows at one thread: weights folder, PyTorch worker, ONNX Runtime, DJL,
 * LangChain4j, the parity gate and the three output files. Asserts that outputs matched and files
 * were written, never timings. Fails if any parity check fails (SideBySide throws before timing).
 */
class SideBySideQuickIT {

    @Test
    void quickRunChecksParityAndWritesTheReport() throws Exception {
        Path benchmarkDir = Path.of(System.getProperty("benchmark.dir", ".")).toAbsolutePath();
        Path out = benchmarkDir.resolve("target/it-quick");
        List<String> ids = List.of("tokenizer-b8", "forward-1x32", "e2e-b1", "minilm-b1");
        Options options = SideBySide.parse(new String[] {"--quick", "--threads", "1", "--ops", String.join(",", ids),
                "--out", out.toString()}, benchmarkDir).withBudget(0.2, 1, 2, 3);

        Results results = SideBySide.run(options, "SideBySideQuickIT");

        assertEquals(ids, results.measurements().stream().map(Measurement::op).toList());
        Set<String> checked = results.parity().stream().map(p -> p.op() + ": " + p.pair()).collect(Collectors.toSet());
        for (String op : List.of("forward-1x32", "e2e-b1")) {
            for (String pair : List.of("DistilBERT-J vs PyTorch", "DistilBERT-J vs ONNX Runtime", "PyTorch vs ONNX Runtime")) {
                assertTrue(checked.contains(op + ": " + pair), op + ": " + pair + " not checked: " + checked);
            }
        }
        assertTrue(checked.contains("minilm-b1: DistilBERT-J vs LangChain4j"), checked.toString());
        assertTrue(checked.contains("minilm-b1: ONNX Runtime -q vs LangChain4j fp32 (1 - min cosine)"), checked.toString());
        assertTrue(checked.contains("forward-1x32: DistilBERT-J INT8 vs DistilBERT-J fp32 (1 - min cosine)"), checked.toString());
        assertTrue(checked.contains("tokenizer: DistilBERT-J vs HF tokenizers (DJL) (token ids)"), checked.toString());
        results.parity().forEach(p -> assertTrue(p.maxAbsDiff() <= p.tolerance(), p.toString()));
        Measurement forward = results.measurements().get(1);
        assertEquals(Set.of("DistilBERT-J", "PyTorch", "ONNX Runtime", "DistilBERT-J BF16", "DistilBERT-J INT8"),
                forward.latency().keySet());
        assertTrue(forward.peakFraction() > 0);

        Path json = out.resolve(results.date() + ".json");
        JsonNode saved = JsonMapper.builder().build().readTree(json.toFile());
        assertEquals(ids.size(), saved.get("measurements").size());
        assertTrue(Files.size(out.resolve(results.date() + ".png")) > 10_000);
        assertTrue(Files.size(out.resolve("report.png")) > 10_000);
        String md = Files.readString(out.resolve("REPORT.md"));
        assertTrue(md.contains("| forward 1x32 | 1 |"), md);
    }
}
