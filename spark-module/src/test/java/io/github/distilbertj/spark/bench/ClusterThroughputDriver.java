package io.github.distilbertj.spark.bench;

import io.github.distilbertj.spark.DistilBertJ;
import io.github.distilbertj.spark.EmbedOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The driver of ClusterThroughputBench, run by spark-submit on a cluster: one untimed pass that
 * makes every executor load its encoder and warm up, then timed passes of the same documents into
 * Spark's no-op sink. Prints one RESULT line per timed pass.
 *
 * <p>Arguments: rows, partitions, timed passes.
 */
public final class ClusterThroughputDriver {

    private ClusterThroughputDriver() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int partitions = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        SparkSession spark = SparkSession.builder().appName("distilbertj-cluster-bench").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            StructType schema = new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType, false);
            List<Row> data = new ArrayList<>();
            List<String> texts = ThroughputCorpus.documents(rows, 17);
            for (int i = 0; i < rows; i++) {
                data.add(RowFactory.create((long) i, texts.get(i)));
            }
            Dataset<Row> docs = spark.createDataFrame(data, schema).repartition(partitions).cache();
            docs.count();
            DistilBertJ.embed(docs.limit(rows / 4).repartition(partitions), "text", EmbedOptions.defaults())
                    .write().format("noop").mode("overwrite").save();
            for (int p = 0; p < passes; p++) {
                long start = System.nanoTime();
                DistilBertJ.embed(docs, "text", EmbedOptions.defaults()).write().format("noop").mode("overwrite").save();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("RESULT pass %d: %d rows in %.2f s = %.1f rows/s%n", p, rows, seconds, rows / seconds);
            }
        } finally {
            spark.stop();
        }
    }
}
