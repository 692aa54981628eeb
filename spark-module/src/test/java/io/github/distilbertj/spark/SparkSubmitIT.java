package io.github.distilbertj.spark;

import io.github.distilbertj.model.Encoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar under spark-submit's class loader arrangement (Spark's jars, with Spark's own
 * Jackson 2, protobuf 4.33, SLF4J/log4j and Scala, on the system class path; the application jar
 * loaded by SparkSubmit): the job runs end to end on local[2], and a bad model stops it on the driver.
 */
class SparkSubmitIT {

    @Test
    void jsonLinesJobUnderSparkSubmit(@TempDir Path dir) throws Exception {
        List<String> texts = new ArrayList<>(Texts.mixed(60));
        texts.add(null);
        Path input = dir.resolve("docs.jsonl");
        JsonLines.write(input, texts);
        Path output = dir.resolve("out");
        Path log = dir.resolve("submit.log");

        int exit = SparkProcesses.submit(List.of("--master", "local[2]",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--class", EmbedJob.class.getName(), SparkProcesses.APP_JAR.toString(),
                "--input", input.toString(), "--text-column", "text", "--output", output.toString(),
                "--output-format", "jsonl", "--model", "all-MiniLM-L6-v2", "--partitions", "3"), log, 240);

        String logText = Files.readString(log);
        assertEquals(0, exit, logText);
        assertTrue(logText.contains("DistilBERT-J: embedded " + texts.size() + " rows (1 truncated)"), logText);
        assertEquals(3, logText.split("DistilBERT-J: partition ", -1).length - 1, "one progress line per partition");
        List<JsonNode> rows = JsonLines.readFolder(output);
        assertEquals(texts.size(), rows.size());
        try (Encoder reference = Encoder.builtin(2)) {
            for (JsonNode row : rows) {
                int id = row.get("id").asInt();
                assertEquals("doc-" + id, row.get("source").asString(), "input fields are kept");
                String text = texts.get(id);
                if (text == null) {
                    assertFalse(row.has("embedding"), "Spark's JSON writer leaves null fields out");
                    continue;
                }
                assertArrayEquals(reference.embed(text), JsonLines.floats(row.get("embedding")), 1e-6f, "row " + id);
                assertEquals(text.equals(Texts.longText()), row.get("truncated").asBoolean());
            }
        }
    }

    @Test
    void badModelFailsOnTheDriverBeforeAnyTask(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("docs.jsonl");
        JsonLines.write(input, List.of("a", "b"));
        Path log = dir.resolve("submit.log");
        int exit = SparkProcesses.submit(List.of("--master", "local[2]",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--class", EmbedJob.class.getName(), SparkProcesses.APP_JAR.toString(),
                "--input", input.toString(), "--text-column", "text", "--output", dir.resolve("out").toString(),
                "--model", "/models/does-not-exist"), log, 120);
        String logText = Files.readString(log);
        assertNotEquals(0, exit, logText);
        assertTrue(logText.contains("InvalidModelReferenceException: model '/models/does-not-exist'"), logText);
        assertFalse(logText.contains("Starting task"), "no task may start:\n" + logText);
        assertFalse(logText.contains("Submitting ResultStage"), "no stage may be submitted:\n" + logText);
    }
}
