package io.github.distilbertj.spark.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.spark.DistilBertJ;
import io.github.distilbertj.spark.EmbedOptions;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * local[2], one JVM, the same documents: (1) {@code Encoder.embed} alone, 2 threads, batches of
 * 256; (2) the Spark job, {@code DistilBertJ.embed} into Spark's no-op sink; (3) the peer a Spark
 * user tries first, LangChain4j's in-process all-MiniLM-L6-v2 (ONNX Runtime) from mapPartitions,
 * batches of 256, one model per JVM. Rounds alternate (1)(2)(3) after one untimed warm-up of each;
 * medians and ratios of the same run are printed.
 *
 * <p>{@code java ... LocalThroughputBench [rows=2000] [rounds=3] [documents|sentences]}
 */
public final class LocalThroughputBench {

    private static final int BATCH = 256;
    private static final StructType DOCS = new StructType().add("id", DataTypes.LongType, false)
            .add("text", DataTypes.StringType, false);

    /** LangChain4j's model, one per JVM as a Spark user would hold it. */
    static final class LangChain4jModel {
        static final AllMiniLmL6V2EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    }

    private LocalThroughputBench() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean sentences = args.length > 2 && args[2].equals("sentences");
        List<String> texts = sentences ? ThroughputCorpus.sentences(rows, 17) : ThroughputCorpus.documents(rows, 17);
        SparkSession spark = SparkSession.builder().appName("distilbertj-local-bench").master("local[2]")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try (Encoder encoder = Encoder.builtin(2)) {
            List<Row> data = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                data.add(RowFactory.create((long) i, texts.get(i)));
            }
            Dataset<Row> docs = spark.createDataFrame(data, DOCS).repartition(2).cache();
            docs.count();
            docs.createOrReplaceTempView("bench_docs");
            DistilBertJ.registerFunction(spark, EmbedOptions.defaults().withBatchSize(BATCH));
            double[] alone = new double[rounds];
            double[] sqlTable = new double[rounds];
            double[] sqlRow = new double[rounds];
            double[] ours = new double[rounds];
            double[] peer = new double[rounds];
            for (int r = -1; r < rounds; r++) {   // round -1: warm-up of every contender, not timed
                double a = rowsPerSecond(rows, () -> encoderAlone(encoder, texts));
                double o = rowsPerSecond(rows, () -> DistilBertJ.embed(docs, "text", EmbedOptions.defaults().withBatchSize(BATCH))
                        .write().format("noop").mode("overwrite").save());
                double p = rowsPerSecond(rows, () -> langChain4j(docs).write().format("noop").mode("overwrite").save());
                double t = rowsPerSecond(rows, () -> spark.sql("SELECT id, embedding FROM embed_table('bench_docs', 'text')")
                        .write().format("noop").mode("overwrite").save());
                double w = rowsPerSecond(rows, () -> spark.sql("SELECT id, embed(text) AS embedding FROM bench_docs")
                        .write().format("noop").mode("overwrite").save());
                System.out.printf("round %d: Encoder.embed alone %.1f rows/s, Spark DistilBertJ.embed %.1f, Spark + LangChain4j %.1f,"
                        + " SQL embed_table %.1f, SQL embed(text) per row %.1f%n", r, a, o, p, t, w);
                if (r >= 0) {
                    alone[r] = a;
                    ours[r] = o;
                    peer[r] = p;
                    sqlTable[r] = t;
                    sqlRow[r] = w;
                }
            }
            System.out.printf("RESULT local[2], %d %s: Encoder.embed alone median %.1f rows/s; Spark job median %.1f rows/s"
                            + " = %.1f%% of alone; LangChain4j from mapPartitions median %.1f rows/s; ours / LangChain4j = %.2fx%n",
                    rows, sentences ? "sentences" : "documents", median(alone), median(ours), 100 * median(ours) / median(alone), median(peer), median(ours) / median(peer));
            System.out.printf("RESULT SQL: embed_table median %.1f rows/s, embed(text) per row median %.1f rows/s = %.2fx%n",
                    median(sqlTable), median(sqlRow), median(sqlTable) / median(sqlRow));
        } finally {
            spark.stop();
        }
    }

    private static void encoderAlone(Encoder encoder, List<String> texts) {
        for (int i = 0; i < texts.size(); i += BATCH) {
            encoder.embed(texts.subList(i, Math.min(texts.size(), i + BATCH)));
        }
    }

    private static Dataset<Row> langChain4j(Dataset<Row> docs) {
        StructType out = DOCS.add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false));
        MapPartitionsFunction<Row, Row> embed = (Iterator<Row> input) -> {
            List<Row> result = new ArrayList<>();
            List<Row> batch = new ArrayList<>();
            while (input.hasNext()) {
                batch.add(input.next());
                if (batch.size() == BATCH || !input.hasNext()) {
                    List<TextSegment> segments = batch.stream().map(r -> TextSegment.from(r.getString(1))).toList();
                    var embeddings = LangChain4jModel.MODEL.embedAll(segments).content();
                    for (int i = 0; i < batch.size(); i++) {
                        result.add(RowFactory.create(batch.get(i).getLong(0), batch.get(i).getString(1), embeddings.get(i).vector()));
                    }
                    batch.clear();
                }
            }
            return result.iterator();
        };
        return docs.mapPartitions(embed, Encoders.row(out));
    }

    private static double rowsPerSecond(int rows, Runnable run) {
        long start = System.nanoTime();
        run.run();
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
