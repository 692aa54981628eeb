package io.github.distilbertj.spark;

import io.github.distilbertj.model.Encoder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** local[2], in process: the Dataset API, the SQL function and the job, against Encoder.embed. */
class DistilBertJTest {

    private static final float TOLERANCE = 1e-6f;
    private static final StructType DOCS = new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType, true);

    private static SparkSession spark;
    private static Encoder reference;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start();
        reference = Encoder.builtin(2);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (reference != null) {
            reference.close();
        }
    }

    private static Dataset<Row> docs(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create((long) i, texts.get(i)));
        }
        return spark.createDataFrame(rows, DOCS).repartition(partitions);
    }

    private static Map<Long, Row> byId(List<Row> rows) {
        Map<Long, Row> map = new HashMap<>();
        for (Row r : rows) {
            map.put(r.getLong(r.fieldIndex("id")), r);
        }
        return map;
    }

    private static float[] floats(Row row, String column) {
        List<Float> list = row.getList(row.fieldIndex(column));
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    @Test
    void parquetInParquetOutEqualsEncoderEmbed(@TempDir Path dir) {
        List<String> texts = Texts.mixed(120);
        String in = dir.resolve("docs.parquet").toString();
        String out = dir.resolve("out.parquet").toString();
        docs(texts, 3).write().parquet(in);

        EmbedJob.Result result = EmbedJob.run(spark, EmbedJobArgs.parse("--input", in, "--text-column", "text",
                "--output", out, "--model", "all-MiniLM-L6-v2", "--batch-size", "32"));

        assertEquals(texts.size(), result.rows());
        assertEquals(1, result.truncated());
        Dataset<Row> written = spark.read().parquet(out);
        assertEquals(DistilBertJ.EMBEDDING_TYPE.simpleString(), written.schema().apply("embedding").dataType().simpleString());
        Map<Long, Row> rows = byId(written.collectAsList());
        float[][] expected = reference.embed(texts);
        assertEquals(texts.size(), rows.size());
        for (int i = 0; i < texts.size(); i++) {
            Row row = rows.get((long) i);
            assertEquals(texts.get(i), row.getString(row.fieldIndex("text")));
            assertArrayEquals(expected[i], floats(row, "embedding"), TOLERANCE, "row " + i);
            assertEquals(texts.get(i).equals(Texts.longText()), row.getBoolean(row.fieldIndex("truncated")), "row " + i);
        }
    }

    @Test
    void emptyPartitionsAndAnEmptyInput() {
        List<String> texts = List.of("one", "two", "three");
        List<Row> rows = DistilBertJ.embed(docs(texts, 8), "text", EmbedOptions.defaults()).collectAsList();
        assertEquals(3, rows.size());
        float[][] expected = reference.embed(texts);
        Map<Long, Row> byId = byId(rows);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], floats(byId.get((long) i), "embedding"), TOLERANCE);
        }
        Dataset<Row> none = spark.createDataFrame(List.of(), DOCS);
        Dataset<Row> embedded = DistilBertJ.embed(none, "text", EmbedOptions.defaults());
        assertEquals(0, embedded.count());
        assertTrue(List.of(embedded.columns()).containsAll(List.of("id", "text", "embedding", "truncated")));
    }

    @Test
    void nullTextsGetNullsAndEmptyTextsAreEmbedded() {
        List<String> texts = new ArrayList<>(List.of("before", "", "after"));
        texts.add(1, null);
        Map<Long, Row> rows = byId(DistilBertJ.embed(docs(texts, 2), "text", EmbedOptions.defaults().withBatchSize(2)).collectAsList());
        Row nullRow = rows.get(1L);
        assertTrue(nullRow.isNullAt(nullRow.fieldIndex("embedding")));
        assertTrue(nullRow.isNullAt(nullRow.fieldIndex("truncated")));
        Row empty = rows.get(2L);
        assertArrayEquals(reference.embed(""), floats(empty, "embedding"), TOLERANCE);
        assertFalse(empty.getBoolean(empty.fieldIndex("truncated")));
        assertArrayEquals(reference.embed("after"), floats(rows.get(3L), "embedding"), TOLERANCE);
    }

    @Test
    void aTextPastTheModelLimitIsTruncatedAndFlagged() {
        String exactlyAtLimit = String.join(" ", java.util.Collections.nCopies(510, "a"));  // 510 + [CLS] + [SEP] = 512
        List<String> texts = List.of(Texts.longText(), exactlyAtLimit, "short");
        Map<Long, Row> rows = byId(DistilBertJ.embed(docs(texts, 1), "text",
                EmbedOptions.defaults().withOutputColumn("vec").withTruncatedColumn("cut")).collectAsList());
        assertTrue(rows.get(0L).getBoolean(rows.get(0L).fieldIndex("cut")));
        assertFalse(rows.get(1L).getBoolean(rows.get(1L).fieldIndex("cut")));
        assertFalse(rows.get(2L).getBoolean(rows.get(2L).fieldIndex("cut")));
        assertArrayEquals(reference.embed(Texts.longText()), floats(rows.get(0L), "vec"), TOLERANCE);
    }

    @Test
    void sqlFunctionRegisteredByOneCall() {
        List<String> texts = List.of("SQL can embed too.", "Another row.");
        docs(texts, 2).createOrReplaceTempView("docs");
        DistilBertJ.registerFunction(spark, EmbedOptions.defaults());
        Map<Long, Row> rows = byId(spark.sql("SELECT id, embed(text) AS embedding, embed(NULL) AS none FROM docs").collectAsList());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(reference.embed(texts.get(i)), floats(rows.get((long) i), "embedding"), TOLERANCE);
            assertTrue(rows.get((long) i).isNullAt(2));
        }
    }

    @Test
    void batchedTableFunctionEqualsEncoderEmbed() {
        List<String> texts = new ArrayList<>(Texts.mixed(40));
        texts.add(null);
        docs(texts, 3).createOrReplaceTempView("table_docs");
        DistilBertJ.registerFunction(spark, EmbedOptions.defaults().withBatchSize(8));
        Dataset<Row> out = spark.sql("SELECT id, text, embedding, truncated FROM embed_table('table_docs', 'text') WHERE id >= 0");
        Map<Long, Row> rows = byId(out.collectAsList());
        assertEquals(texts.size(), rows.size());
        for (int i = 0; i < texts.size(); i++) {
            Row row = rows.get((long) i);
            if (texts.get(i) == null) {
                assertTrue(row.isNullAt(row.fieldIndex("embedding")), "null text");
                continue;
            }
            assertArrayEquals(reference.embed(texts.get(i)), floats(row, "embedding"), TOLERANCE, "row " + i);
            assertEquals(texts.get(i).equals(Texts.longText()), row.getBoolean(row.fieldIndex("truncated")), "row " + i);
        }
        // Batched, not per row: the plan is the Dataset API's partition embedder.
        assertTrue(out.queryExecution().analyzed().toString().contains("MapPartitions"), out.queryExecution().analyzed().toString());
    }

    @Test
    void tableFunctionMistakesAreNamed() {
        docs(List.of("x"), 1).createOrReplaceTempView("one_doc");
        DistilBertJ.registerFunction(spark, EmbedOptions.defaults());
        assertMessage("takes 2 arguments", () -> spark.sql("SELECT * FROM embed_table('one_doc')").collectAsList());
        assertMessage("no column 'body'", () -> spark.sql("SELECT * FROM embed_table('one_doc', 'body')").collectAsList());
        assertMessage("not string", () -> spark.sql("SELECT * FROM embed_table('one_doc', 'id')").collectAsList());
        assertMessage("must be a string literal", () -> spark.sql("SELECT * FROM embed_table('one_doc', 42)").collectAsList());
        assertMessage("no_such_table", () -> spark.sql("SELECT * FROM embed_table('no_such_table', 'text')").collectAsList());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        Throwable t = assertThrows(Exception.class, call);
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        assertTrue(all.toString().contains(expected), all.toString());
    }

    @Test
    void aCatalogueNameIsResolvedByEncoderLoad() throws Exception {
        // bge-small-en-v1.5 (CLS pooling, 12 layers) comes from its jar in the local Maven repository.
        List<String> texts = List.of("A catalogue model by its name.", "Short.", "Spark ships the name, not the weights.");
        EmbedOptions options = EmbedOptions.defaults().withModel("bge-small-en-v1.5").withBatchSize(2);
        Map<Long, Row> rows = byId(DistilBertJ.embed(docs(texts, 2), "text", options).collectAsList());
        try (Encoder bge = Encoder.load("bge-small-en-v1.5", 2)) {
            float[][] expected = bge.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                float[] actual = floats(rows.get((long) i), "embedding");
                assertEquals(384, actual.length);
                assertArrayEquals(expected[i], actual, TOLERANCE, "row " + i);
            }
            // Not the built-in model's vectors: the name reached the executor.
            assertFalse(java.util.Arrays.equals(reference.embed(texts.get(0)), floats(rows.get(0L), "embedding")));
        }
    }

    @Test
    void badCatalogueReferencesFailOnTheDriver() {
        spark.sparkContext().setJobGroup("bad-catalogue", "bad catalogue reference", false);
        try {
            InvalidModelReferenceException typo = assertThrows(InvalidModelReferenceException.class, () -> DistilBertJ.embed(
                    docs(List.of("x"), 2), "text", EmbedOptions.defaults().withModel("bge-smal-en-v1.5")));
            assertTrue(typo.getMessage().contains("bge-smal-en-v1.5") && typo.getMessage().contains("catalogue name"),
                    typo.getMessage());
            assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("bad-catalogue").length,
                    "no Spark job may start for a bad model reference");
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    @Test
    void aBadModelReferenceFailsOnTheDriverBeforeAnyTask(@TempDir Path dir) {
        spark.sparkContext().setJobGroup("bad-model", "bad model reference", false);
        try {
            InvalidModelReferenceException e = assertThrows(InvalidModelReferenceException.class,
                    () -> DistilBertJ.embed(docs(List.of("x"), 2), "text", EmbedOptions.defaults().withModel("/no/such/model")));
            assertTrue(e.getMessage().contains("/no/such/model"), e.getMessage());
            assertThrows(InvalidModelReferenceException.class,
                    () -> DistilBertJ.registerFunction(spark, EmbedOptions.defaults().withModel("not-a-model")));
            assertThrows(InvalidModelReferenceException.class, () -> EmbedJob.run(spark, EmbedJobArgs.parse(
                    "--input", dir.resolve("docs.jsonl").toString(), "--text-column", "text",
                    "--output", dir.resolve("out").toString(), "--model", dir.toString())));   // a folder, but no model
            assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("bad-model").length,
                    "no Spark job may start for a bad model reference");
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    @Test
    void encoderThreadsFollowTheLocalMaster() {
        assertEquals(2, ExecutorEncoders.executorCores(), "local[2] without spark.executor.cores");
    }

    @Test
    void inputMistakesAreNamed() {
        Dataset<Row> d = docs(List.of("x"), 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DistilBertJ.embed(d, "body", EmbedOptions.defaults()))
                .getMessage().contains("body"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DistilBertJ.embed(d, "id", EmbedOptions.defaults()))
                .getMessage().contains("not string"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DistilBertJ.embed(d, "text", EmbedOptions.defaults().withOutputColumn("id"))).getMessage().contains("'id'"));
        assertNotNull(DistilBertJ.embed(d, "text", EmbedOptions.defaults()));
    }
}
