package io.github.distilbertj.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch-embedding job:
 * {@code spark-submit --class io.github.distilbertj.spark.EmbedJob distilbertj-spark.jar --input docs.parquet
 * --text-column text --output out.parquet --model all-MiniLM-L6-v2}. Each partition logs its rows and
 * rate when done; the job prints its total rows, time and rows/s at the end.
 */
public final class EmbedJob {

    private static final Logger LOG = LoggerFactory.getLogger(EmbedJob.class);

    private EmbedJob() {
    }

    /** The summary line the job prints at its end. */
    public record Result(long rows, long truncated, double seconds) {

        public double rowsPerSecond() {
            return rows / Math.max(seconds, 1e-9);
        }

        @Override
        public String toString() {
            return String.format("DistilBERT-J: embedded %d rows (%d truncated) in %.2f s: %.1f rows/s",
                    rows, truncated, seconds, rowsPerSecond());
        }
    }

    public static void main(String[] args) {
        EmbedJobArgs parsed;
        try {
            parsed = EmbedJobArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("distilbertj-embed");
        parsed.master().ifPresent(builder::master);
        if (parsed.master().isEmpty() && !new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Result result = run(spark, parsed);
            LOG.info("{}", result);
            System.out.println(result);
        } finally {
            spark.stop();
        }
    }

    /** Reads, embeds and writes; the time counted is the whole write (read and embed included). */
    public static Result run(SparkSession spark, EmbedJobArgs args) {
        args.options().modelReference().validate();   // before reading: JSON/CSV schema inference already runs a job
        Dataset<Row> input = read(spark, args);
        if (args.partitions() > 0) {
            input = input.repartition(args.partitions());
        }
        EmbedCounters counters = EmbedCounters.register(spark);
        Dataset<Row> embedded = DistilBertJ.embed(input, args.textColumn(), args.options(), counters);
        long start = System.nanoTime();
        var writer = embedded.write().mode(args.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
        switch (args.outputFormat()) {
            case "jsonl" -> writer.json(args.output());
            default -> writer.parquet(args.output());
        }
        return new Result(counters.rows().value(), counters.truncated().value(), (System.nanoTime() - start) / 1e9);
    }

    private static Dataset<Row> read(SparkSession spark, EmbedJobArgs args) {
        DataFrameReader reader = spark.read();
        return switch (args.inputFormat()) {
            case "jsonl" -> reader.json(args.input());
            case "csv" -> reader.option("header", "true").option("multiLine", "true").option("escape", "\"").csv(args.input());
            default -> reader.parquet(args.input());
        };
    }
}
