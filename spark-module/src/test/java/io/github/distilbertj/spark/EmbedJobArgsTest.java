package io.github.distilbertj.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbedJobArgsTest {

    @Test
    void parsesTheIssueCommandLine() {
        EmbedJobArgs a = EmbedJobArgs.parse("--master", "local[2]", "--input", "docs.jsonl", "--text-column", "text",
                "--output", "out", "--output-format", "jsonl", "--model", "all-MiniLM-L6-v2");
        assertEquals("local[2]", a.master().orElseThrow());
        assertEquals("jsonl", a.inputFormat());
        assertEquals("jsonl", a.outputFormat());
        assertEquals("all-MiniLM-L6-v2", a.options().model());
        assertEquals(0, a.options().threads());
        assertEquals("parquet", EmbedJobArgs.parse("--input", "d.parquet/", "--text-column", "t", "--output", "o").inputFormat());
        assertEquals("csv", EmbedJobArgs.parse("--input", "d.CSV", "--text-column", "t", "--output", "o").inputFormat());
    }

    @Test
    void mistakesNameTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EmbedJobArgs.parse("--input", "d.txt", "--text-column", "t", "--output", "o")).getMessage().contains("--input-format"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EmbedJobArgs.parse("--input", "d.csv", "--output", "o")).getMessage().contains("--text-column is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbedJobArgs.parse("--input", "d.csv", "--text-column",
                "t", "--output", "o", "--output-format", "csv")).getMessage().contains("--output-format"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbedJobArgs.parse("--input", "d.csv", "--text-column",
                "t", "--output", "o", "--batch-size", "0")).getMessage().contains("--batch-size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbedJobArgs.parse("--bogus", "1")).getMessage().contains("--bogus"));
    }
}
