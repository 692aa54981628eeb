package io.github.distilbertj.spark;

import org.apache.spark.launcher.JavaModuleOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Child JVMs with the class path a Spark 4.2 distribution gives: Spark's jars only (Maven's
 * resolution of them, target/spark-classpath.txt, plus Spark's protobuf and Jackson annotations),
 * our shaded jar handed to SparkSubmit as the application jar, exactly as spark-submit does.
 */
final class SparkProcesses {

    static final Path TARGET = Path.of(System.getProperty("spark.module.target", "target"));
    static final Path APP_JAR = TARGET.resolve("distilbertj-spark.jar");

    private SparkProcesses() {
    }

    static List<Path> sparkJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : Files.readString(TARGET.resolve("spark-classpath.txt")).strip().split(File.pathSeparator)) {
            jars.add(Path.of(entry));
        }
        try (Stream<Path> shadowed = Files.list(TARGET.resolve("spark-shadowed-jars"))) {
            shadowed.sorted().forEach(jars::add);
        }
        return jars;
    }

    /** {@code java <Spark's module options> -cp <Spark's jars> mainClass args}. */
    static ProcessBuilder java(String mainClass, List<String> args, String heap) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, sparkJars().stream().map(Path::toString).toList()));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        return pb;
    }

    /** Runs SparkSubmit to the end; stdout and stderr go to {@code log}. */
    static int submit(List<String> submitArgs, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = java("org.apache.spark.deploy.SparkSubmit", submitArgs, "1g")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("spark-submit did not finish in " + timeoutSeconds + " s; log: " + log);
        }
        return p.exitValue();
    }
}
