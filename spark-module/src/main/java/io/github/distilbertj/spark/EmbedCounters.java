package io.github.distilbertj.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Rows embedded and rows truncated, summed over tasks on the driver (a retried task counts twice,
 * as Spark accumulators updated in transformations do).
 */
public record EmbedCounters(LongAccumulator rows, LongAccumulator truncated) {

    public static EmbedCounters register(SparkSession spark) {
        return new EmbedCounters(spark.sparkContext().longAccumulator("distilbertj.rows"),
                spark.sparkContext().longAccumulator("distilbertj.truncated"));
    }
}
