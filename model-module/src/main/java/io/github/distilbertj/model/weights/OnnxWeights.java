package io.github.distilbertj.model.weights;

import io.github.distilbertj.model.ModelFormatException;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.model.onnx.OnnxProto.AttributeProto;
import io.github.distilbertj.model.onnx.OnnxProto.GraphProto;
import io.github.distilbertj.model.onnx.OnnxProto.ModelProto;
import io.github.distilbertj.model.onnx.OnnxProto.NodeProto;
import io.github.distilbertj.model.onnx.OnnxProto.TensorProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a BERT-family ONNX export (torch.onnx.export, optimum), named as PyTorch names
 * them. Biases, LayerNorms and embeddings keep their Hugging Face names as initializers; the Linear
 * weights become anonymous {@code onnx::MatMul_N} initializers of shape [in, out] (the transpose
 * of PyTorch's [out, in]). Each is named after the bias that the {@code Add} consuming its
 * {@code MatMul} output adds: bias {@code encoder.layer.0.attention.self.query.bias} makes the
 * matrix {@code encoder.layer.0.attention.self.query.weight}. {@code Gemm} nodes are named the same
 * way through their C input, honouring transB.
 */
public final class OnnxWeights implements WeightSource {

    /** A tensor and whether it is stored transposed ([in, out]) relative to PyTorch. */
    private record Entry(TensorProto tensor, boolean transposed) {
    }

    private final String source;
    private final Map<String, Entry> entries;

    private OnnxWeights(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = entries;
    }

    public static OnnxWeights read(Path onnxFile) throws IOException {
        return parse(Files.readAllBytes(onnxFile), onnxFile.toString());
    }

    /** Parses an ONNX model; tensors alias {@code bytes}, which must not change afterwards. */
    public static OnnxWeights parse(byte[] bytes, String source) throws ModelFormatException {
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            // Aliasing lets raw_data point into `bytes` instead of copying 90 MB once more.
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new ModelFormatException(source + ": not a valid ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph()) {
            throw new ModelFormatException(source + ": ONNX model has no graph");
        }
        return new OnnxWeights(source, nameTensors(model.getGraph(), source));
    }

    private static Map<String, Entry> nameTensors(GraphProto graph, String source) throws ModelFormatException {
        Map<String, TensorProto> constants = new LinkedHashMap<>();
        for (TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant") && node.getOutputCount() == 1) {
                for (AttributeProto a : node.getAttributeList()) {
                    if (a.getName().equals("value") && a.hasT()) {
                        constants.put(node.getOutput(0), a.getT());
                    }
                }
            }
        }
        Map<String, List<NodeProto>> consumers = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, TensorProto> e : constants.entrySet()) {
            entries.put(e.getKey(), new Entry(e.getValue(), false));
        }
        for (NodeProto node : graph.getNodeList()) {
            switch (node.getOpType()) {
                case "MatMul" -> {
                    if (node.getInputCount() != 2 || !constants.containsKey(node.getInput(1))) {
                        continue;
                    }
                    String bias = null;
                    for (NodeProto add : consumers.getOrDefault(node.getOutput(0), List.of())) {
                        if (add.getOpType().equals("Add") && add.getInputCount() == 2) {
                            String other = add.getInput(0).equals(node.getOutput(0)) ? add.getInput(1) : add.getInput(0);
                            if (constants.containsKey(other) && other.endsWith(".bias")) {
                                bias = other;
                            }
                        }
                    }
                    if (bias != null) {
                        name(entries, source, weightName(bias), node.getInput(1), constants.get(node.getInput(1)), true);
                    }
                }
                case "Gemm" -> {
                    if (node.getInputCount() == 3 && constants.containsKey(node.getInput(1))
                            && node.getInput(2).endsWith(".bias") && constants.containsKey(node.getInput(2))) {
                        boolean transB = false;
                        for (AttributeProto a : node.getAttributeList()) {
                            if (a.getName().equals("transB")) {
                                transB = a.getI() != 0;
                            }
                        }
                        name(entries, source, weightName(node.getInput(2)), node.getInput(1),
                                constants.get(node.getInput(1)), !transB);
                    }
                }
                default -> {
                }
            }
        }
        return Collections.unmodifiableMap(entries);
    }

    private static String weightName(String biasName) {
        return biasName.substring(0, biasName.length() - "bias".length()) + "weight";
    }

    private static void name(Map<String, Entry> entries, String source, String name, String initializer,
                             TensorProto tensor, boolean transposed) throws ModelFormatException {
        if (tensor.getDimsCount() != 2) {
            throw new ModelFormatException(source + ": initializer '" + initializer + "' feeding '" + name
                    + "' has rank " + tensor.getDimsCount() + ", expected a matrix");
        }
        Entry previous = entries.get(name);
        if (previous != null && previous.tensor() != tensor) {
            throw new ModelFormatException(source + ": two initializers claim the name '" + name + "' ('"
                    + previous.tensor().getName() + "' and '" + initializer + "')");
        }
        entries.put(name, new Entry(tensor, transposed));
    }

    @Override
    public String description() {
        return source;
    }

    @Override
    public Set<String> names() {
        return entries.keySet();
    }

    @Override
    public long[] shape(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            return null;
        }
        int rank = e.tensor().getDimsCount();
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = e.tensor().getDims(e.transposed() ? rank - 1 - i : i);
        }
        return shape;
    }

    @Override
    public float[] floats(String name) throws ModelFormatException {
        Entry e = require(name);
        float[] stored = storedFloats(name, e.tensor());
        if (!e.transposed()) {
            return stored;
        }
        int rows = (int) e.tensor().getDims(0);
        int cols = (int) e.tensor().getDims(1);
        float[] t = new float[stored.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = stored[i * cols + j];
            }
        }
        return t;
    }

    @Override
    public PackedWeights linear(String name, int out, int in) throws ModelFormatException {
        Entry e = require(name);
        float[] stored = storedFloats(name, e.tensor());
        return e.transposed() ? PackedWeights.fromRowMajorKN(stored, 0, in, out)
                : PackedWeights.fromRowMajorNK(stored, 0, out, in);
    }

    @Override
    public EmbeddingTable embedding(String name, int rows, int cols) throws ModelFormatException {
        return EmbeddingTable.ofArray(floats(name), rows, cols);
    }

    private Entry require(String name) throws ModelFormatException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelFormatException(source + ": missing tensor '" + name + "'");
        }
        return e;
    }

    private float[] storedFloats(String name, TensorProto t) throws ModelFormatException {
        String where = source + ": tensor '" + name + "'"
                + (name.equals(t.getName()) ? "" : " (initializer '" + t.getName() + "')");
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            String file = t.getExternalDataList().stream().filter(kv -> kv.getKey().equals("location"))
                    .map(kv -> kv.getValue()).findFirst().orElse("?");
            throw new ModelFormatException(where + " keeps its data in external file '" + file
                    + "'; ONNX external data is not supported: export with the weights embedded in the .onnx file");
        }
        if (t.hasSegment()) {
            throw new ModelFormatException(where + " is a segmented tensor, which is not supported");
        }
        long count = 1;
        for (long d : t.getDimsList()) {
            count = Math.multiplyExact(count, d);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(where + " has " + count + " elements, more than a Java array holds");
        }
        int n = (int) count;
        float[] out = new float[n];
        ByteString raw = t.getRawData();
        switch (t.getDataType()) {
            case 1 -> { // FLOAT
                if (!raw.isEmpty()) {
                    requireBytes(where, raw, n, 4);
                    raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
                } else {
                    requireCount(where, t.getFloatDataCount(), n);
                    for (int i = 0; i < n; i++) {
                        out[i] = t.getFloatData(i);
                    }
                }
            }
            case 10, 16 -> { // FLOAT16, BFLOAT16: raw little-endian halves, or one per int32_data entry
                boolean bf16 = t.getDataType() == 16;
                if (!raw.isEmpty()) {
                    requireBytes(where, raw, n, 2);
                    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < n; i++) {
                        out[i] = half(b.getShort(2 * i), bf16);
                    }
                } else {
                    requireCount(where, t.getInt32DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        out[i] = half((short) t.getInt32Data(i), bf16);
                    }
                }
            }
            case 11 -> { // DOUBLE
                if (!raw.isEmpty()) {
                    requireBytes(where, raw, n, 8);
                    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) b.getDouble(8 * i);
                    }
                } else {
                    requireCount(where, t.getDoubleDataCount(), n);
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) t.getDoubleData(i);
                    }
                }
            }
            default -> throw new ModelFormatException(where + " has ONNX data type " + t.getDataType()
                    + "; weights must be FLOAT, FLOAT16, BFLOAT16 or DOUBLE");
        }
        return out;
    }

    private static float half(short bits, boolean bf16) {
        return bf16 ? Float.intBitsToFloat(bits << 16) : Float.float16ToFloat(bits);
    }

    private static void requireBytes(String where, ByteString raw, int n, int size) throws ModelFormatException {
        if (raw.size() != (long) n * size) {
            throw new ModelFormatException(where + ": raw_data holds " + raw.size() + " bytes, expected " + (long) n * size);
        }
    }

    private static void requireCount(String where, int actual, int n) throws ModelFormatException {
        if (actual != n) {
            throw new ModelFormatException(where + ": holds " + actual + " values, its dims need " + n);
        }
    }
}
