package io.github.distilbertj.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Standalone scaling on this machine: the same timed passes (ClusterThroughputDriver) on a cluster
 * of one single-core worker, then of two, each on loopback from the Maven jars. Prints each pass
 * and the ratio of the medians. Run from spark-module/ (bench.sh does).
 *
 * <p>Arguments: rows (default 1200), timed passes (default 3).
 */
public final class ClusterThroughputBench {

    private static final Pattern RESULT = Pattern.compile("RESULT pass \\d+: .* = ([0-9.]+) rows/s");

    private ClusterThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1200;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("distilbertj-cluster-bench");
        Path testsJar = Files.list(SparkProcesses.TARGET).filter(p -> p.getFileName().toString().endsWith("-tests.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no *-tests.jar in target: package first"));
        double[] medians = new double[3];
        for (int workers = 1; workers <= 2; workers++) {
            Path run = Files.createDirectories(dir.resolve(workers + "-workers"));
            try (StandaloneCluster cluster = new StandaloneCluster(run, 18340, workers, 1, "1536m")) {
                int port = cluster.nextFreePort();
                Path log = run.resolve("driver.log");
                int exit = SparkProcesses.submit(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                        "--conf", "spark.driver.port=" + port, "--conf", "spark.blockManager.port=" + (port + 1),
                        "--conf", "spark.port.maxRetries=8", "--conf", "spark.ui.enabled=false",
                        "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g",
                        "--jars", testsJar.toString(),
                        "--class", "io.github.distilbertj.spark.bench.ClusterThroughputDriver", SparkProcesses.APP_JAR.toString(),
                        Integer.toString(rows), "8", Integer.toString(passes)), log, 170);
                String text = Files.readString(log);
                if (exit != 0) {
                    throw new IllegalStateException("driver failed, see " + log);
                }
                List<Double> rates = new ArrayList<>();
                for (String line : text.split("\n")) {
                    Matcher m = RESULT.matcher(line);
                    if (m.find()) {
                        System.out.println(workers + " worker(s): " + line.strip());
                        rates.add(Double.parseDouble(m.group(1)));
                    }
                }
                medians[workers] = io.github.distilbertj.spark.bench.LocalThroughputBench.median(
                        rates.stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        System.out.printf("RESULT standalone, %d docs, single-core workers: 1 worker median %.1f rows/s, 2 workers %.1f rows/s = %.2fx%n",
                rows, medians[1], medians[2], medians[2] / medians[1]);
    }
}
