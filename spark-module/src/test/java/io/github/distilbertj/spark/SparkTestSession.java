package io.github.distilbertj.spark;

import org.apache.spark.sql.SparkSession;

/** A local[2] session on loopback, UI off, for the in-process tests. */
final class SparkTestSession {

    private SparkTestSession() {
    }

    static SparkSession start() {
        return SparkSession.builder()
                .appName("distilbertj-spark-test")
                .master("local[2]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
    }
}
