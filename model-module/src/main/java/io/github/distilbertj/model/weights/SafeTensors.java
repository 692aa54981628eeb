package io.github.distilbertj.model.weights;

import io.github.distilbertj.model.ModelFormatException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A safetensors file viewed through a {@link MemorySegment}: an 8-byte little-endian header
 * length N, N bytes of JSON ({@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}}},
 * offsets relative to the data section that follows the header), then the raw little-endian data.
 * Every header entry is validated when the file is opened, so later reads cannot fall outside the
 * file. The segment's lifetime is its arena's: closing the arena unmaps the file.
 */
public final class SafeTensors {

    static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_LE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The reference implementation refuses headers above 100 MB; so does this one. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String source;
    private final MemorySegment data;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafeTensors(String source, MemorySegment data, Map<String, TensorInfo> tensors,
                        Map<String, String> metadata) {
        this.source = source;
        this.data = data;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps {@code file} read-only into {@code arena} and validates its header. */
    public static SafeTensors open(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return parse(seg, file.toString());
        }
    }

    /** Validates a safetensors image held in {@code file}; {@code source} names it in errors. */
    public static SafeTensors parse(MemorySegment file, String source) throws ModelFormatException {
        long size = file.byteSize();
        if (size < 8) {
            throw new ModelFormatException(source + ": " + size
                    + " bytes is too short for a safetensors file (8-byte header length missing)");
        }
        long headerLen = file.get(I64_LE, 0);
        if (headerLen <= 0 || headerLen > size - 8 || headerLen > MAX_HEADER) {
            throw new ModelFormatException(source + ": corrupted header: header length " + headerLen
                    + " does not fit in a file of " + size + " bytes");
        }
        byte[] headerBytes = file.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        String headerText = new String(headerBytes, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = JSON.readTree(headerText);
        } catch (JacksonException e) {
            throw new ModelFormatException(source + ": corrupted header: not valid JSON ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(source + ": corrupted header: expected a JSON object");
        }
        MemorySegment data = file.asSlice(8 + headerLen);
        long dataSize = data.byteSize();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode entry = e.getValue();
            if (name.equals("__metadata__")) {
                if (entry.isObject()) {
                    for (Map.Entry<String, JsonNode> m : entry.properties()) {
                        metadata.put(m.getKey(), m.getValue().asString());
                    }
                }
                continue;
            }
            tensors.put(name, tensorInfo(source, name, entry, dataSize));
        }
        return new SafeTensors(source, data, Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(metadata));
    }

    private static TensorInfo tensorInfo(String source, String name, JsonNode entry, long dataSize)
            throws ModelFormatException {
        String where = source + ": tensor '" + name + "'";
        if (!entry.isObject()) {
            throw new ModelFormatException(where + ": header entry is not an object");
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isString()) {
            throw new ModelFormatException(where + ": missing dtype");
        }
        DType dtype = DType.byName(dtypeNode.asString());
        if (dtype == null) {
            throw new ModelFormatException(where + ": unknown dtype '" + dtypeNode.asString() + "'");
        }
        JsonNode shapeNode = entry.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new ModelFormatException(where + ": missing shape");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw new ModelFormatException(where + ": invalid shape " + shapeNode);
            }
            shape[i] = d.longValue();
            try {
                count = Math.multiplyExact(count, shape[i]);
            } catch (ArithmeticException ex) {
                throw new ModelFormatException(where + ": shape " + shapeNode + " overflows");
            }
        }
        JsonNode offsets = entry.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new ModelFormatException(where + ": data_offsets must be [begin, end]");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new ModelFormatException(where + ": data_offsets [" + begin + ", " + end
                    + "] out of bounds of the " + dataSize + "-byte data section");
        }
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(count, (long) dtype.bytes());
        } catch (ArithmeticException ex) {
            throw new ModelFormatException(where + ": shape " + shapeNode + " overflows");
        }
        if (end - begin != expectedBytes) {
            throw new ModelFormatException(where + ": data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin) + " bytes but " + dtype + " " + shapeNode + " needs " + expectedBytes);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    public String source() {
        return source;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Header entry of {@code name}, or null when absent. */
    public TensorInfo info(String name) {
        return tensors.get(name);
    }

    private TensorInfo require(String name) throws ModelFormatException {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new ModelFormatException(source + ": missing tensor '" + name + "'");
        }
        return t;
    }

    /** The raw bytes of a tensor (a slice of the mapped file, no copy). */
    public MemorySegment bytes(String name) throws ModelFormatException {
        TensorInfo t = require(name);
        return data.asSlice(t.begin(), t.end() - t.begin());
    }

    /** A tensor widened to fp32 (F32, F16, BF16 and F64 are accepted). */
    public float[] floats(String name) throws ModelFormatException {
        TensorInfo t = require(name);
        if (!t.dtype().isLoadableAsFloat()) {
            throw new ModelFormatException(source + ": tensor '" + name + "' has dtype " + t.dtype()
                    + "; weights must be F32, F16 or BF16");
        }
        long count = t.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(source + ": tensor '" + name + "' has " + count
                    + " elements, more than a Java array holds");
        }
        float[] out = new float[(int) count];
        MemorySegment src = data.asSlice(t.begin(), t.end() - t.begin());
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(src, F32_LE, 0, out, 0, out.length);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.float16ToFloat(src.getAtIndex(I16_LE, i));
                }
            }
            case BF16 -> {
                // bfloat16 is the upper half of an fp32: widening is a shift.
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat(src.getAtIndex(I16_LE, i) << 16);
                }
            }
            case F64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) src.getAtIndex(F64_LE, i);
                }
            }
            default -> throw new AssertionError(t.dtype());
        }
        return out;
    }

    /** An integer tensor (I64 or I32) widened to long. */
    public long[] longs(String name) throws ModelFormatException {
        TensorInfo t = require(name);
        MemorySegment src = data.asSlice(t.begin(), t.end() - t.begin());
        long[] out = new long[Math.toIntExact(t.elementCount())];
        switch (t.dtype()) {
            case I64 -> MemorySegment.copy(src, I64_LE, 0, out, 0, out.length);
            case I32 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = src.getAtIndex(I32_LE, i);
                }
            }
            default -> throw new ModelFormatException(source + ": tensor '" + name + "' has dtype "
                    + t.dtype() + "; expected I64 or I32");
        }
        return out;
    }
}
