package io.github.distilbertj.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * DistilBERT-J on Spark.
 *
 * <pre>{@code
 * Dataset<Row> embedded = DistilBertJ.embed(docs, "text", EmbedOptions.defaults());   // + embedding, truncated
 * DistilBertJ.registerFunction(spark, EmbedOptions.defaults());
 * spark.sql("SELECT id, embed(text) AS embedding FROM docs");                 // row at a time
 * spark.sql("SELECT id, embedding FROM embed_table('docs', 'text')");         // batched per partition
 * }</pre>
 *
 * <p>Null texts get a null embedding and a null flag; an empty text is embedded like any other
 * (the model's vector for "[CLS] [SEP]"), exactly as {@code Encoder.embed("")}.
 */
public final class DistilBertJ {

    /** The name {@link #registerFunction(SparkSession, EmbedOptions)} gives the SQL function. */
    public static final String SQL_FUNCTION = "embed";
    /** The name {@link #registerFunction(SparkSession, EmbedOptions)} gives the batched table function. */
    public static final String SQL_TABLE_FUNCTION = "embed_table";
    static final ArrayType EMBEDDING_TYPE = DataTypes.createArrayType(DataTypes.FloatType, false);

    private DistilBertJ() {
    }

    /**
     * The input with two columns added: {@code options.outputColumn()} ({@code array<float>}) and
     * {@code options.truncatedColumn()} (boolean). Lazy like any transformation, but the model
     * reference is checked here, on the driver, so a bad one fails before any task.
     *
     * @throws InvalidModelReferenceException the reference names no loadable model
     * @throws IllegalArgumentException       no such string column, or an output column already exists
     */
    public static Dataset<Row> embed(Dataset<Row> input, String textColumn, EmbedOptions options) {
        return embed(input, textColumn, options, null);
    }

    /** As {@link #embed(Dataset, String, EmbedOptions)}, counting rows and truncations into {@code counters}. */
    public static Dataset<Row> embed(Dataset<Row> input, String textColumn, EmbedOptions options, EmbedCounters counters) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(textColumn, "textColumn");
        Objects.requireNonNull(options, "options");
        StructType schema = input.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        int textIndex = names.indexOf(textColumn);
        if (textIndex < 0) {
            throw new IllegalArgumentException("no column '" + textColumn + "' in " + names);
        }
        if (!(schema.fields()[textIndex].dataType() instanceof StringType)) {
            throw new IllegalArgumentException("column '" + textColumn + "' is " + schema.fields()[textIndex].dataType().simpleString()
                    + ", not string");
        }
        for (String added : List.of(options.outputColumn(), options.truncatedColumn())) {
            if (names.contains(added)) {
                throw new IllegalArgumentException("the input already has a column '" + added
                        + "': choose another with EmbedOptions.withOutputColumn/withTruncatedColumn");
            }
        }
        options.modelReference().validate();
        StructType out = schema
                .add(new StructField(options.outputColumn(), EMBEDDING_TYPE, true, Metadata.empty()))
                .add(new StructField(options.truncatedColumn(), DataTypes.BooleanType, true, Metadata.empty()));
        MapPartitionsFunction<Row, Row> embedder = new PartitionEmbedder(textIndex, options, counters);
        return input.mapPartitions(embedder, Encoders.row(out));
    }

    /**
     * Registers two SQL functions of {@code spark}:
     * <ul>
     * <li>{@code embed(text)} ({@code array<float>}, null for null): row at a time (Spark calls Java UDFs per row),
     * so each text is its own forward pass;</li>
     * <li>{@code embed_table('table or view', 'text column')}: a table function that returns the table with the
     * {@code embedding} and {@code truncated} columns of {@link #embed(Dataset, String, EmbedOptions)}, whose
     * partitions are embedded in batches: the fast path from SQL ({@code CREATE TEMP VIEW} any query first).</li>
     * </ul>
     *
     * @throws InvalidModelReferenceException the reference names no loadable model
     */
    public static void registerFunction(SparkSession spark, EmbedOptions options) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(options, "options");
        options.modelReference().validate();
        // Checked before anything is registered, so a refused session is left as it was.
        if (!(spark instanceof org.apache.spark.sql.classic.SparkSession classic)) {
            throw new IllegalArgumentException(SQL_TABLE_FUNCTION + " needs a classic (in-process) SparkSession, not "
                    + spark.getClass().getName() + " (Spark Connect runs no Java table functions)");
        }
        ModelReference model = options.modelReference();
        int threads = options.threads();
        UDF1<String, float[]> embed = text -> text == null ? null
                : ExecutorEncoders.get(model, threads).encoder().embed(text);
        spark.udf().register(SQL_FUNCTION, embed, EMBEDDING_TYPE);
        classic.sessionState().tableFunctionRegistry().createOrReplaceTempFunction(SQL_TABLE_FUNCTION,
                new TableFunction(classic, options), "java_udf");
    }

    /** {@code embed_table('table', 'column')}: the plan of {@link #embed(Dataset, String, EmbedOptions)} on that table. */
    private static final class TableFunction extends AbstractFunction1<Seq<Expression>, LogicalPlan> {
        private final org.apache.spark.sql.classic.SparkSession spark;
        private final EmbedOptions options;

        TableFunction(org.apache.spark.sql.classic.SparkSession spark, EmbedOptions options) {
            this.spark = spark;
            this.options = options;
        }

        @Override
        public LogicalPlan apply(Seq<Expression> args) {
            List<Expression> a = CollectionConverters.asJava(args);
            if (a.size() != 2) {
                throw new IllegalArgumentException(SQL_TABLE_FUNCTION + " takes 2 arguments, the table (or view) and its text"
                        + " column, e.g. " + SQL_TABLE_FUNCTION + "('docs', 'text'); got " + a.size());
            }
            String table = literal(a.get(0), "table");
            String column = literal(a.get(1), "text column");
            Dataset<Row> embedded = embed(spark.table(table), column, options);
            return ((org.apache.spark.sql.classic.Dataset<Row>) embedded).queryExecution().analyzed();
        }

        private static String literal(Expression e, String what) {
            Object v = e.foldable() ? e.eval(null) : null;
            if (v == null || !(e.dataType() instanceof StringType)) {
                throw new IllegalArgumentException(SQL_TABLE_FUNCTION + ": the " + what + " must be a string literal, got "
                        + e.sql());
            }
            return v.toString();
        }
    }
}
