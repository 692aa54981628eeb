package io.github.distilbertj.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One partition's rows in, the same rows plus embedding and truncation flag out: read in batches
 * of {@code batchSize}, each non-null text of a batch embedded by one {@code Encoder.embed(List)}
 * call (the encoder's own batching into forward passes), rows streamed out as batches finish.
 */
final class PartitionEmbedder implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionEmbedder.class);

    private final int textIndex;
    private final EmbedOptions options;
    private final ModelReference model;
    private final LongAccumulator rows;
    private final LongAccumulator truncated;

    PartitionEmbedder(int textIndex, EmbedOptions options, EmbedCounters counters) {
        this.textIndex = textIndex;
        this.options = options;
        this.model = options.modelReference();
        this.rows = counters == null ? null : counters.rows();
        this.truncated = counters == null ? null : counters.truncated();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        if (!input.hasNext()) {
            return input;   // an empty partition never loads the model
        }
        ExecutorEncoders.LoadedModel loaded = ExecutorEncoders.get(model, options.threads());
        return new Iterator<>() {
            private final long start = System.nanoTime();
            private List<Row> batch = List.of();
            private int next;
            private long done;
            private long truncatedRows;
            private long nullRows;

            @Override
            public boolean hasNext() {
                if (next < batch.size()) {
                    return true;
                }
                if (!input.hasNext()) {
                    return false;
                }
                batch = embedBatch(loaded, input);
                next = 0;
                if (!input.hasNext()) {
                    logPartition();
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.get(next++);
            }

            private List<Row> embedBatch(ExecutorEncoders.LoadedModel loaded, Iterator<Row> input) {
                List<Row> in = new ArrayList<>(options.batchSize());
                List<String> texts = new ArrayList<>(options.batchSize());
                while (in.size() < options.batchSize() && input.hasNext()) {
                    Row row = input.next();
                    in.add(row);
                    if (!row.isNullAt(textIndex)) {
                        texts.add(row.getString(textIndex));
                    }
                }
                float[][] vectors = loaded.encoder().embed(texts);
                List<Row> out = new ArrayList<>(in.size());
                int v = 0;
                long batchTruncated = 0;
                for (Row row : in) {
                    Object[] values = new Object[row.length() + 2];
                    for (int i = 0; i < row.length(); i++) {
                        values[i] = row.get(i);
                    }
                    if (!row.isNullAt(textIndex)) {
                        boolean cut = loaded.truncates(row.getString(textIndex));
                        batchTruncated += cut ? 1 : 0;
                        values[row.length()] = vectors[v++];
                        values[row.length() + 1] = cut;
                    } else {
                        nullRows++;
                    }
                    out.add(RowFactory.create(values));
                }
                done += in.size();
                truncatedRows += batchTruncated;
                if (rows != null) {
                    rows.add(in.size());
                    truncated.add(batchTruncated);
                }
                return out;
            }

            private void logPartition() {
                double seconds = (System.nanoTime() - start) / 1e9;
                TaskContext task = TaskContext.get();
                LOG.info("DistilBERT-J: partition {} of stage {}: {} rows ({} null, {} truncated) in {} s, {} rows/s",
                        task == null ? "?" : task.partitionId(), task == null ? "?" : task.stageId(), done, nullRows,
                        truncatedRows, String.format("%.2f", seconds), String.format("%.0f", done / Math.max(seconds, 1e-9)));
            }
        };
    }
}
