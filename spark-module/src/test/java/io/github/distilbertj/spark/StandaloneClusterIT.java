package io.github.distilbertj.spark;

import io.github.distilbertj.model.Encoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same job on a standalone cluster on loopback: a master and two single-core workers started
 * from the Maven jars, the shaded jar submitted in client mode, each executor loading its own encoder.
 */
class StandaloneClusterIT {

    static final int BASE_PORT = Integer.getInteger("spark.test.basePort", 18310);

    @Test
    void twoWorkersRunTheJob(@TempDir Path dir) throws Exception {
        List<String> texts = Texts.mixed(80);
        Path input = dir.resolve("docs.jsonl");
        JsonLines.write(input, texts);
        Path output = dir.resolve("out");
        Path log = dir.resolve("submit.log");
        try (StandaloneCluster cluster = new StandaloneCluster(dir, BASE_PORT, 2, 1, "1536m")) {
            int port = cluster.nextFreePort();
            int exit = SparkProcesses.submit(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.driver.port=" + port, "--conf", "spark.blockManager.port=" + (port + 1),
                    "--conf", "spark.port.maxRetries=8", "--conf", "spark.ui.enabled=false",
                    "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2", "--conf", "spark.executor.memory=1g",
                    "--class", EmbedJob.class.getName(), SparkProcesses.APP_JAR.toString(),
                    "--input", input.toString(), "--text-column", "text", "--output", output.toString(),
                    "--output-format", "jsonl", "--partitions", "4"), log, 240);
            String logText = Files.readString(log);
            assertEquals(0, exit, logText);
            assertTrue(logText.contains("DistilBERT-J: embedded " + texts.size() + " rows"), logText);
            for (int w = 0; w < 2; w++) {
                String executorLog = executorLogs(cluster.workDir(w));
                assertTrue(executorLog.contains("DistilBERT-J: loaded model 'all-MiniLM-L6-v2' with 1 kernel threads"),
                        "worker " + w + " ran an executor with its own single-threaded encoder:\n" + executorLog);
            }
        }
        List<JsonNode> rows = JsonLines.readFolder(output);
        assertEquals(texts.size(), rows.size());
        try (Encoder reference = Encoder.builtin(1)) {
            for (JsonNode row : rows) {
                String text = texts.get(row.get("id").asInt());
                assertArrayEquals(reference.embed(text), JsonLines.floats(row.get("embedding")), 1e-6f);
            }
        }
    }

    private static String executorLogs(Path workDir) throws Exception {
        StringBuilder all = new StringBuilder();
        if (!Files.isDirectory(workDir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }
}
