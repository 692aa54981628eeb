package io.github.distilbertj.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * How {@link DistilBertJ#embed} embeds a text column. Shipped to executors inside each task: the
 * model travels as its reference string, never as weights.
 *
 * @param model           the model reference (see {@link ModelReference}): {@code all-MiniLM-L6-v2}
 *                        (built in), a catalogue name ({@code bge-small-en-v1.5}), a Hub id
 *                        {@code ORG/NAME[@REVISION]} or a Hugging Face folder readable at the same path on every executor
 * @param outputColumn    the added {@code array<float>} column (null where the text is null)
 * @param truncatedColumn the added boolean column: true where the text had more tokens than the
 *                        model's limit and only its head was embedded (null where the text is null)
 * @param batchSize       rows of a partition handed to the encoder in one call; the encoder splits
 *                        them into forward passes within its token budget, so larger batches mean
 *                        fewer, fuller passes
 * @param threads         kernel threads of the executor's encoder; 0 = the executor's cores
 */
public record EmbedOptions(String model, String outputColumn, String truncatedColumn, int batchSize, int threads)
        implements Serializable {

    public static final String BUILTIN_MODEL = ModelReference.BUILTIN_NAME;

    public EmbedOptions {
        Objects.requireNonNull(model, "model");
        requireName(outputColumn, "outputColumn");
        requireName(truncatedColumn, "truncatedColumn");
        if (outputColumn.equals(truncatedColumn)) {
            throw new IllegalArgumentException("outputColumn and truncatedColumn must differ, both are '" + outputColumn + "'");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = the executor's cores), got " + threads);
        }
    }

    /** The built-in all-MiniLM-L6-v2, columns {@code embedding} and {@code truncated}, batches of 256. */
    public static EmbedOptions defaults() {
        return new EmbedOptions(BUILTIN_MODEL, "embedding", "truncated", 256, 0);
    }

    public EmbedOptions withModel(String newModel) {
        return new EmbedOptions(newModel, outputColumn, truncatedColumn, batchSize, threads);
    }

    public EmbedOptions withOutputColumn(String name) {
        return new EmbedOptions(model, name, truncatedColumn, batchSize, threads);
    }

    public EmbedOptions withTruncatedColumn(String name) {
        return new EmbedOptions(model, outputColumn, name, batchSize, threads);
    }

    public EmbedOptions withBatchSize(int rows) {
        return new EmbedOptions(model, outputColumn, truncatedColumn, rows, threads);
    }

    public EmbedOptions withThreads(int kernelThreads) {
        return new EmbedOptions(model, outputColumn, truncatedColumn, batchSize, kernelThreads);
    }

    ModelReference modelReference() {
        return new ModelReference(model);
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must be a non-blank column name");
        }
    }
}
