package io.github.distilbertj.model.weights;

import com.google.protobuf.CodedInputStream;
import io.github.distilbertj.model.ModelFormatException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow tensor bundle, the format of TF checkpoints ({@code bert_model.ckpt.index} +
 * {@code .data-00000-of-00001}) and of a SavedModel's {@code variables/}: the {@code .index} file
 * is a LevelDB-style SSTable mapping each variable name to a BundleEntryProto (dtype, shape,
 * shard, offset, size); the data shards hold the raw little-endian tensors, which stay memory-mapped.
 */
public final class TfBundle {
    private static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48;
    private static final int DT_FLOAT = 1;

    /** One variable: its shape and where its bytes are. */
    public record Entry(String name, int dtype, long[] shape, int shard, long offset, long size) {
    }

    private final String source;
    private final Map<String, Entry> entries;
    private final MemorySegment[] shards;

    private TfBundle(String source, Map<String, Entry> entries, MemorySegment[] shards) {
        this.source = source;
        this.entries = entries;
        this.shards = shards;
    }

    /**
     * Opens {@code prefix.index} and maps its data shards into {@code arena}.
     *
     * @param prefix the bundle prefix: {@code .../variables/variables} or {@code .../bert_model.ckpt}
     */
    public static TfBundle open(Path prefix, Arena arena) throws IOException {
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        String source = index.toString();
        byte[] bytes = Files.readAllBytes(index);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int numShards = 1;
        try {
            for (Map.Entry<String, byte[]> kv : readTable(bytes, source).entrySet()) {
                if (kv.getKey().isEmpty()) {
                    numShards = headerShards(kv.getValue());
                } else {
                    entries.put(kv.getKey(), entry(kv.getKey(), kv.getValue()));
                }
            }
        } catch (IndexOutOfBoundsException | IOException e) {
            throw new ModelFormatException(source + ": not a TensorFlow bundle index (" + e.getMessage() + ")", e);
        }
        MemorySegment[] shards = new MemorySegment[numShards];
        for (int s = 0; s < numShards; s++) {
            Path data = prefix.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix.getFileName(), s, numShards));
            if (!Files.isRegularFile(data)) {
                throw new ModelFormatException(source + ": data shard " + data.getFileName() + " is missing");
            }
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
                shards[s] = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
        }
        for (Entry e : entries.values()) {
            if (e.shard() < 0 || e.shard() >= numShards || e.offset() < 0 || e.offset() + e.size() > shards[e.shard()].byteSize()) {
                throw new ModelFormatException(source + ": tensor '" + e.name() + "' lies outside its data shard");
            }
        }
        return new TfBundle(source, Collections.unmodifiableMap(entries), shards);
    }

    public String source() {
        return source;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** The tensor's bytes, mapped (fp32 little-endian for DT_FLOAT). */
    public MemorySegment bytes(String name) throws ModelFormatException {
        Entry e = require(name);
        return shards[e.shard()].asSlice(e.offset(), e.size());
    }

    /** A DT_FLOAT tensor as fp32, in its stored (row-major) layout. */
    public float[] floats(String name) throws ModelFormatException {
        Entry e = require(name);
        if (e.dtype() != DT_FLOAT) {
            throw new ModelFormatException(source + ": tensor '" + name + "' has TF dtype " + e.dtype() + ", not DT_FLOAT");
        }
        long count = 1;
        for (long d : e.shape()) {
            count *= d;
        }
        if (count * Float.BYTES != e.size()) {
            throw new ModelFormatException(source + ": tensor '" + name + "' holds " + e.size() + " bytes, not "
                    + count + " floats");
        }
        float[] out = new float[Math.toIntExact(count)];
        MemorySegment.copy(bytes(name), SafeTensors.F32_LE, 0, out, 0, out.length);
        return out;
    }

    private Entry require(String name) throws ModelFormatException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelFormatException(source + ": no variable '" + name + "'");
        }
        return e;
    }

    // ------------------------------------------------------------------ SSTable

    /** All key/value pairs of an uncompressed SSTable, in key order. */
    private static Map<String, byte[]> readTable(byte[] file, String source) throws IOException {
        if (file.length < FOOTER) {
            throw new ModelFormatException(source + ": too short for an SSTable");
        }
        ByteBuffer footer = ByteBuffer.wrap(file, file.length - FOOTER, FOOTER).order(ByteOrder.LITTLE_ENDIAN);
        if (footer.getLong(file.length - 8) != TABLE_MAGIC) {
            throw new ModelFormatException(source + ": no SSTable magic number at the end");
        }
        CodedInputStream in = CodedInputStream.newInstance(file, file.length - FOOTER, FOOTER);
        in.readRawVarint64(); // metaindex offset
        in.readRawVarint64(); // metaindex size
        long indexOffset = in.readRawVarint64();
        long indexSize = in.readRawVarint64();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> handle : readBlock(file, indexOffset, indexSize, source).entrySet()) {
            CodedInputStream h = CodedInputStream.newInstance(handle.getValue());
            long offset = h.readRawVarint64();
            long size = h.readRawVarint64();
            out.putAll(readBlock(file, offset, size, source));
        }
        return out;
    }

    private static Map<String, byte[]> readBlock(byte[] file, long offset, long size, String source) throws IOException {
        if (offset < 0 || size < 4 || offset + size + 5 > file.length) {
            throw new ModelFormatException(source + ": SSTable block at " + offset + " overruns the file");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        if (file[end] != 0) {
            throw new ModelFormatException(source + ": SSTable block at " + offset + " is compressed (type " + file[end]
                    + "); TensorFlow writes bundle indexes uncompressed");
        }
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int restarts = bb.getInt(end - 4);
        int limit = end - 4 - 4 * restarts;
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] key = new byte[0];
        CodedInputStream in = CodedInputStream.newInstance(file, start, limit - start);
        while (!in.isAtEnd()) {
            int shared = in.readRawVarint32();
            int nonShared = in.readRawVarint32();
            int valueLength = in.readRawVarint32();
            byte[] next = new byte[shared + nonShared];
            System.arraycopy(key, 0, next, 0, shared);
            System.arraycopy(in.readRawBytes(nonShared), 0, next, shared, nonShared);
            key = next;
            out.put(new String(key, java.nio.charset.StandardCharsets.UTF_8), in.readRawBytes(valueLength));
        }
        return out;
    }

    // ------------------------------------------------------------------ protos (read by field number)

    /** BundleHeaderProto.num_shards (field 1). */
    private static int headerShards(byte[] header) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(header);
        int shards = 1;
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag >>> 3 == 1) {
                shards = in.readInt32();
            } else {
                in.skipField(tag);
            }
        }
        return shards;
    }

    /** BundleEntryProto: dtype 1, shape 2 (TensorShapeProto: dim 2 {size 1}), shard_id 3, offset 4, size 5. */
    private static Entry entry(String name, byte[] proto) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(proto);
        int dtype = 0;
        int shard = 0;
        long offset = 0;
        long size = 0;
        List<Long> dims = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (tag >>> 3) {
                case 1 -> dtype = in.readEnum();
                case 2 -> {
                    CodedInputStream shape = CodedInputStream.newInstance(in.readByteArray());
                    for (int t; (t = shape.readTag()) != 0; ) {
                        if (t >>> 3 == 2) {
                            CodedInputStream dim = CodedInputStream.newInstance(shape.readByteArray());
                            long d = 0;
                            for (int u; (u = dim.readTag()) != 0; ) {
                                if (u >>> 3 == 1) {
                                    d = dim.readInt64();
                                } else {
                                    dim.skipField(u);
                                }
                            }
                            dims.add(d);
                        } else {
                            shape.skipField(t);
                        }
                    }
                }
                case 3 -> shard = in.readInt32();
                case 4 -> offset = in.readInt64();
                case 5 -> size = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        return new Entry(name, dtype, dims.stream().mapToLong(Long::longValue).toArray(), shard, offset, size);
    }
}
