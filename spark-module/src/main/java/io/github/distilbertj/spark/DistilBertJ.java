package io.github.distilbertj.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
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

/**
 * DistilBERT-J on Spark.
 *
 * <pre>{@code
 * Dataset<Row> embedded = DistilBertJ.embed(docs, "text", EmbedOptions.defaults());   // + embedding, truncated
 * DistilBertJ.registerFunction(spark, EmbedOptions.defaults());
 * spark.sql("SELECT id, embed(text) AS embedding FROM docs");
 * }</pre>
 *
 * <p>Null texts get a null embedding and a null flag; an empty text is embedded like any other
 * (the model's vector for "[CLS] [SEP]"), exactly as {@code Encoder.embed("")}.
 */
public final class DistilBertJ {

    /** The name {@link #registerFunction(SparkSession, EmbedOptions)} gives the SQL function. */
    public static final String SQL_FUNCTION = "embed";
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
     * Registers {@code embed(text)} ({@code array<float>}, null for null) as a SQL function of
     * {@code spark}. It is a row-at-a-time function (Spark calls Java UDFs per row), so each text
     * is its own forward pass; {@link #embed(Dataset, String, EmbedOptions)} batches a partition's
     * rows and is the faster path for large tables.
     *
     * @throws InvalidModelReferenceException the reference names no loadable model
     */
    public static void registerFunction(SparkSession spark, EmbedOptions options) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(options, "options");
        options.modelReference().validate();
        ModelReference model = options.modelReference();
        int threads = options.threads();
        UDF1<String, float[]> embed = text -> text == null ? null
                : ExecutorEncoders.get(model, threads).encoder().embed(text);
        spark.udf().register(SQL_FUNCTION, embed, EMBEDDING_TYPE);
    }
}
