package io.github.distilbertj.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on loopback from the Maven jars: one master and {@code workers}
 * workers of {@code coresPerWorker} cores, every port set explicitly from {@code basePort}
 * (master, master UI, then a port and a UI port per worker). Executors only launch with
 * SPARK_SCALA_VERSION=2.13 and a SPARK_HOME holding jars/: a stand-in of links to the same jars.
 */
final class StandaloneCluster implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private final int basePort;

    StandaloneCluster(Path dir, int basePort, int workers, int coresPerWorker, String workerMemory) throws Exception {
        this.dir = dir;
        this.basePort = basePort;
        Path home = sparkHome(dir.resolve("spark-home"));
        try {
            processes.add(start("master", home, "org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1",
                    "--port", Integer.toString(basePort), "--webui-port", Integer.toString(basePort + 1))));
            for (int w = 0; w < workers; w++) {
                int port = basePort + 2 + 2 * w;
                processes.add(start("worker-" + w, home, "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1",
                        "--port", Integer.toString(port), "--webui-port", Integer.toString(port + 1),
                        "--cores", Integer.toString(coresPerWorker), "--memory", workerMemory,
                        "--work-dir", dir.resolve("work-" + w).toString(), masterUrl())));
            }
            awaitWorkers(workers, 90);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + basePort;
    }

    /** The first port after the cluster's own: for the driver and block managers. */
    int nextFreePort() {
        return basePort + 2 + 2 * (processes.size() - 1);
    }

    Path workDir(int worker) {
        return dir.resolve("work-" + worker);
    }

    private static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Path jar : SparkProcesses.sparkJars()) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        return home;
    }

    private Process start(String name, Path home, String mainClass, List<String> args) throws IOException {
        ProcessBuilder pb = SparkProcesses.java(mainClass, args, "256m");
        pb.environment().put("SPARK_HOME", home.toAbsolutePath().toString());
        pb.environment().put("SPARK_NO_DAEMONIZE", "1");
        return pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private void awaitWorkers(int workers, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Path log = dir.resolve("master.log");
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.split("Registering worker ", -1).length - 1 >= workers) {
                return;
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new AssertionError("a cluster process exited: see " + dir);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(workers + " workers did not register in " + seconds + " s: see " + log);
    }

    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
