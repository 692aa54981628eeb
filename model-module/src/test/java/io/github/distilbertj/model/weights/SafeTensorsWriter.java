package io.github.distilbertj.model.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small safetensors files for tests (and the benchmark's random DistilBERT-base). */
public final class SafeTensorsWriter {

    private record Tensor(String name, DType dtype, long[] shape, byte[] data) {
    }

    private final List<Tensor> tensors = new ArrayList<>();

    /** Stores {@code values} as {@code dtype} (F32, F16 or BF16; BF16 rounds to nearest even). */
    public SafeTensorsWriter add(String name, DType dtype, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case F32 -> b.putFloat(v);
                case F16 -> b.putShort(Float.floatToFloat16(v));
                case BF16 -> b.putShort(toBf16(v));
                default -> throw new IllegalArgumentException(dtype.toString());
            }
        }
        return addRaw(name, dtype, b.array(), shape);
    }

    public SafeTensorsWriter addLongs(String name, long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return addRaw(name, DType.I64, b.array(), shape);
    }

    public SafeTensorsWriter addRaw(String name, DType dtype, byte[] data, long... shape) {
        tensors.add(new Tensor(name, dtype, shape.clone(), data));
        return this;
    }

    static short toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** The header JSON this writer would produce. */
    String header() {
        StringBuilder json = new StringBuilder("{");
        long offset = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(t.name()).append("\":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
            for (int d = 0; d < t.shape().length; d++) {
                json.append(d > 0 ? "," : "").append(t.shape()[d]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.data().length).append("]}");
            offset += t.data().length;
        }
        return json.append('}').toString();
    }

    public void write(Path file) throws IOException {
        writeWithHeader(file, header());
    }

    /** Writes the tensors' data after an arbitrary header text (for corruption tests). */
    void writeWithHeader(Path file, String header) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(h);
            for (int i = h.length; i < padded; i++) {
                out.write(' ');
            }
            for (Tensor t : tensors) {
                out.write(t.data());
            }
        }
    }
}
