package io.github.distilbertj.model.weights;

import java.lang.foreign.MemorySegment;

/**
 * A [rows, cols] lookup table. F32 safetensors tables are read straight from the mapped file
 * (no heap copy: the 94 MB word-embedding table of a BERT-base stays in the page cache); tables
 * that needed a conversion (F16, BF16, ONNX protobuf bytes) live in one fp32 array.
 */
public final class EmbeddingTable {
    private final int rows;
    private final int cols;
    private final float[] heap;
    private final MemorySegment mapped;

    private EmbeddingTable(int rows, int cols, float[] heap, MemorySegment mapped) {
        this.rows = rows;
        this.cols = cols;
        this.heap = heap;
        this.mapped = mapped;
    }

    static EmbeddingTable ofArray(float[] data, int rows, int cols) {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("table of " + data.length + " floats is not " + rows + "x" + cols);
        }
        return new EmbeddingTable(rows, cols, data, null);
    }

    /** {@code f32le} holds rows*cols little-endian fp32 values. */
    static EmbeddingTable ofMapped(MemorySegment f32le, int rows, int cols) {
        if (f32le.byteSize() != (long) rows * cols * Float.BYTES) {
            throw new IllegalArgumentException("segment of " + f32le.byteSize() + " bytes is not " + rows + "x" + cols + " floats");
        }
        return new EmbeddingTable(rows, cols, null, f32le);
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    boolean isMapped() {
        return mapped != null;
    }

    /** dst[off .. off+cols) = row. */
    public void copyRow(int row, float[] dst, int off) {
        if (heap != null) {
            System.arraycopy(heap, row * cols, dst, off, cols);
        } else {
            MemorySegment.copy(mapped, SafeTensors.F32_LE, (long) row * cols * Float.BYTES, dst, off, cols);
        }
    }

    /** dst[off .. off+cols) += row; mapped tables go through {@code tmp} (length >= cols). */
    public void addRow(int row, float[] dst, int off, float[] tmp) {
        float[] src;
        int base;
        if (heap != null) {
            src = heap;
            base = row * cols;
        } else {
            copyRow(row, tmp, 0);
            src = tmp;
            base = 0;
        }
        for (int j = 0; j < cols; j++) {
            dst[off + j] += src[base + j];
        }
    }

    /** The whole table as fp32 (a copy only for mapped tables); used to pack a tied projector. */
    public float[] toArray() {
        if (heap != null) {
            return heap;
        }
        float[] out = new float[rows * cols];
        MemorySegment.copy(mapped, SafeTensors.F32_LE, 0, out, 0, out.length);
        return out;
    }
}
