package io.github.distilbertj.spark;

import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Prints the JVM options a Spark 4.2 driver needs on JDK 25 (Spark's own --add-opens set, which
 * already includes --add-modules=jdk.incubator.vector): for launchers that start the driver JVM
 * without spark-submit's scripts, such as spark-module/embed-job.
 */
public final class SparkJvmOptions {

    private SparkJvmOptions() {
    }

    public static void main(String[] args) {
        System.out.println(JavaModuleOptions.defaultModuleOptions());
    }
}
