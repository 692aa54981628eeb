package io.github.distilbertj.model.weights;

import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.UnsupportedQuantizationException;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.WeightFormat;
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
import java.util.Arrays;
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

    /**
     * A tensor, whether it is stored transposed ([in, out]) relative to PyTorch, and for an integer tensor of a
     * quantized export its {@code scale} (scalar or one per last-axis index) and {@code zeroPoint} (same, or null
     * = 0): value = (q - zeroPoint) * scale, as ONNX's DequantizeLinear and MatMulInteger define it.
     */
    private record Entry(TensorProto tensor, boolean transposed, TensorProto scale, TensorProto zeroPoint) {
        Entry(TensorProto tensor, boolean transposed) {
            this(tensor, transposed, null, null);
        }

        boolean quantized() {
            return scale != null;
        }
    }

    /**
     * Op types of quantized graphs that this reader does not map: their weights are not plain initializers feeding
     * a MatMulInteger, so a model using them fails at load rather than computing something else.
     */
    private static final Set<String> UNSUPPORTED_QUANTIZED_OPS = Set.of("QLinearMatMul", "QGemm", "QAttention",
            "QLinearConv", "ConvInteger", "DynamicQuantizeMatMul", "MatMulIntegerToFloat", "MatMulNBits", "QLinearAdd",
            "QLinearMul", "QEmbedLayerNormalization", "QOrderedMatMul", "QuantizeLinear");

    private final String source;
    private final Map<String, Entry> entries;
    private final boolean dynamicInt8;

    private OnnxWeights(String source, Map<String, Entry> entries, boolean dynamicInt8) {
        this.source = source;
        this.entries = entries;
        this.dynamicInt8 = dynamicInt8;
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
        GraphProto graph = model.getGraph();
        boolean dynamicInt8 = false;
        for (NodeProto node : graph.getNodeList()) {
            if (UNSUPPORTED_QUANTIZED_OPS.contains(node.getOpType())) {
                throw new UnsupportedQuantizationException(source + ": node '" + node.getName() + "' is a " + node.getOpType()
                        + "; of quantized ONNX graphs only dynamic-int8 exports are read (MatMulInteger with int8/uint8"
                        + " initializer weights and per-tensor or per-column scales, DynamicQuantizeLinear activations,"
                        + " Gather + DequantizeLinear embedding tables)");
            }
            dynamicInt8 |= node.getOpType().equals("DynamicQuantizeLinear");
        }
        return new OnnxWeights(source, nameTensors(graph, source), dynamicInt8);
    }

    /**
     * Whether the graph quantizes activations per call (DynamicQuantizeLinear before its MatMulIntegers), as
     * ONNX Runtime's {@code quantize_dynamic} exports do.
     */
    @Override
    public boolean dynamicInt8Activations() {
        return dynamicInt8;
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
                case "MatMulInteger" -> nameMatMulInteger(node, constants, consumers, entries, source);
                case "Gather" -> {
                    // A quantized lookup table: Gather(q_table, ids) -> DequantizeLinear(., scale, zero point).
                    if (node.getInputCount() != 2 || !constants.containsKey(node.getInput(0))) {
                        continue;
                    }
                    for (NodeProto dq : consumers.getOrDefault(node.getOutput(0), List.of())) {
                        if (dq.getOpType().equals("DequantizeLinear") && dq.getInput(0).equals(node.getOutput(0))) {
                            String table = node.getInput(0);
                            String name = table.endsWith(QUANTIZED_SUFFIX)
                                    ? table.substring(0, table.length() - QUANTIZED_SUFFIX.length()) : table;
                            TensorProto scale = constant(constants, dq, 1, source);
                            TensorProto zero = dq.getInputCount() > 2 ? constant(constants, dq, 2, source) : null;
                            requireScalar(source, table, scale, "scale");
                            if (zero != null) {
                                requireScalar(source, table, zero, "zero point");
                            }
                            entries.put(name, new Entry(constants.get(table), false, scale, zero));
                        }
                    }
                }
                default -> {
                }
            }
        }
        return Collections.unmodifiableMap(entries);
    }

    private static final String QUANTIZED_SUFFIX = "_quantized";

    /**
     * MatMulInteger(A, B_q, A_zero_point, B_zero_point) -> Cast -> Mul(., A_scale * B_scale) -> Add(bias): the
     * weight B_q [in, out] is named after the bias, its scale is the initializer operand of the Mul that forms
     * the scale product, its zero point the fourth input (absent = 0).
     */
    private static void nameMatMulInteger(NodeProto node, Map<String, TensorProto> constants,
                                          Map<String, List<NodeProto>> consumers, Map<String, Entry> entries,
                                          String source) throws ModelFormatException {
        String where = source + ": MatMulInteger '" + node.getName() + "'";
        if (node.getInputCount() < 2 || !constants.containsKey(node.getInput(1))) {
            throw new UnsupportedQuantizationException(where + " has no initializer as its weight input B; only weights stored"
                    + " in the file can be mapped");
        }
        TensorProto weight = constants.get(node.getInput(1));
        if (weight.getDimsCount() != 2) {
            throw new UnsupportedQuantizationException(where + ": weight '" + weight.getName() + "' has rank "
                    + weight.getDimsCount() + ", expected a matrix");
        }
        long n = weight.getDims(1);
        TensorProto zero = node.getInputCount() > 3 && !node.getInput(3).isEmpty() ? constant(constants, node, 3, source)
                : null;
        NodeProto cast = single(consumers, node.getOutput(0), "Cast", where);
        NodeProto mul = single(consumers, cast.getOutput(0), "Mul", where);
        String scaleProduct = mul.getInput(0).equals(cast.getOutput(0)) ? mul.getInput(1) : mul.getInput(0);
        TensorProto scale = null;
        if (constants.containsKey(scaleProduct)) {
            scale = constants.get(scaleProduct); // a static activation scale folded in: not a dynamic export
        } else {
            for (List<NodeProto> users : consumers.values()) {
                for (NodeProto p : users) {
                    if (p.getOpType().equals("Mul") && p.getOutputList().contains(scaleProduct)) {
                        for (String in : p.getInputList()) {
                            if (constants.containsKey(in)) {
                                scale = constants.get(in);
                            }
                        }
                    }
                }
            }
        }
        if (scale == null) {
            throw new UnsupportedQuantizationException(where + ": the weight scale of '" + weight.getName()
                    + "' is not an initializer of the Mul that scales its output");
        }
        long scales = scale.getDimsCount() == 0 ? 1 : scale.getDims(scale.getDimsCount() - 1);
        if (scales != 1 && scales != n || (zero != null && elements(zero) != 1 && elements(zero) != n)) {
            throw new UnsupportedQuantizationException(where + ": weight '" + weight.getName() + "' [" + weight.getDims(0) + ", "
                    + n + "] has " + scales + " scales and " + (zero == null ? 0 : elements(zero))
                    + " zero points; expected one or one per output column");
        }
        String bias = null;
        for (NodeProto add : consumers.getOrDefault(mul.getOutput(0), List.of())) {
            if (add.getOpType().equals("Add") && add.getInputCount() == 2) {
                String other = add.getInput(0).equals(mul.getOutput(0)) ? add.getInput(1) : add.getInput(0);
                if (constants.containsKey(other) && other.endsWith(".bias")) {
                    bias = other;
                }
            }
        }
        if (bias == null) {
            throw new UnsupportedQuantizationException(where + ": its output is not added to a '*.bias' initializer, so its"
                    + " weight '" + weight.getName() + "' cannot be named");
        }
        String name = weightName(bias);
        Entry previous = entries.get(name);
        if (previous != null && previous.tensor() != weight) {
            throw new UnsupportedQuantizationException(source + ": two initializers claim the name '" + name + "' ('"
                    + previous.tensor().getName() + "' and '" + weight.getName() + "')");
        }
        entries.put(name, new Entry(weight, true, scale, zero));
    }

    private static NodeProto single(Map<String, List<NodeProto>> consumers, String output, String opType, String where)
            throws ModelFormatException {
        List<NodeProto> users = consumers.getOrDefault(output, List.of());
        if (users.size() != 1 || !users.get(0).getOpType().equals(opType)) {
            throw new UnsupportedQuantizationException(where + ": expected its output '" + output + "' to feed one " + opType
                    + ", found " + users.stream().map(NodeProto::getOpType).toList());
        }
        return users.get(0);
    }

    private static TensorProto constant(Map<String, TensorProto> constants, NodeProto node, int input, String source)
            throws ModelFormatException {
        TensorProto t = constants.get(node.getInput(input));
        if (t == null) {
            throw new ModelFormatException(source + ": " + node.getOpType() + " '" + node.getName() + "' input " + input
                    + " ('" + node.getInput(input) + "') is computed, not an initializer");
        }
        return t;
    }

    private static void requireScalar(String source, String table, TensorProto t, String what)
            throws ModelFormatException {
        if (elements(t) != 1) {
            throw new ModelFormatException(source + ": quantized table '" + table + "' has " + elements(t) + " "
                    + what + "s; only per-tensor quantized tables are read");
        }
    }

    private static long elements(TensorProto t) {
        long count = 1;
        for (long d : t.getDimsList()) {
            count *= d;
        }
        return count;
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
        float[] stored = e.quantized() ? dequantized(name, e) : storedFloats(name, e.tensor());
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
    public PackedWeights linear(String name, int out, int in, WeightFormat format) throws ModelFormatException {
        Entry e = require(name);
        if (e.quantized() && e.transposed()) {
            PackedWeights exact = symmetricInt8(name, e, out, in);
            if (exact != null) {
                // The stored levels and scales as they are: INT8 keeps them exactly, F32 holds scale * q exactly.
                return exact.to(format);
            }
        }
        float[] stored = e.quantized() ? dequantized(name, e) : storedFloats(name, e.tensor());
        return e.transposed() ? PackedWeights.fromRowMajorKN(stored, 0, in, out, format)
                : PackedWeights.fromRowMajorNK(stored, 0, out, in, format);
    }

    @Override
    public EmbeddingTable embedding(String name, int rows, int cols) throws ModelFormatException {
        return EmbeddingTable.ofArray(floats(name), rows, cols);
    }

    /**
     * A quantized [in, out] weight whose zero points are all 0 and whose levels lie in [-127, 127] is already in
     * the kernels' INT8 format (symmetric per output feature): packed from its levels and scales, no rounding.
     * Null when it is not (asymmetric zero points, uint8 levels above 127, or -128).
     */
    private PackedWeights symmetricInt8(String name, Entry e, int out, int in) throws ModelFormatException {
        String where = where(name, e.tensor());
        int[] zero = e.zeroPoint() == null ? new int[] {0} : integers(where + " zero point", e.zeroPoint());
        for (int z : zero) {
            if (z != 0) {
                return null;
            }
        }
        int[] q = integers(where, e.tensor());
        byte[] nk = new byte[q.length];
        for (int p = 0; p < in; p++) {
            for (int j = 0; j < out; j++) {
                int v = q[p * out + j];
                if (v < -127 || v > 127) {
                    return null;
                }
                nk[j * in + p] = (byte) v;
            }
        }
        float[] scale = perColumn(where + " scale", storedFloats(name + " scale", e.scale()), out);
        return PackedWeights.fromInt8RowMajorNK(nk, 0, scale, out, in);
    }

    /** (q - zero point) * scale in the stored layout; scale and zero point per tensor or per last-axis index. */
    private float[] dequantized(String name, Entry e) throws ModelFormatException {
        String where = where(name, e.tensor());
        int[] q = integers(where, e.tensor());
        int cols = (int) e.tensor().getDims(e.tensor().getDimsCount() - 1);
        float[] scale = perColumn(where + " scale", storedFloats(name + " scale", e.scale()), cols);
        int[] zero = e.zeroPoint() == null ? new int[cols] : integers(where + " zero point", e.zeroPoint());
        if (zero.length == 1 && cols != 1) {
            zero = filled(cols, zero[0]);
        }
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            int c = i % cols;
            out[i] = (q[i] - zero[c]) * scale[c];
        }
        return out;
    }

    private static float[] perColumn(String where, float[] values, int cols) throws ModelFormatException {
        if (values.length == cols) {
            return values;
        }
        if (values.length != 1) {
            throw new ModelFormatException(where + " has " + values.length + " values, expected 1 or " + cols);
        }
        float[] out = new float[cols];
        Arrays.fill(out, values[0]);
        return out;
    }

    private static int[] filled(int n, int value) {
        int[] out = new int[n];
        Arrays.fill(out, value);
        return out;
    }

    /** An INT8 or UINT8 tensor (raw_data bytes, or one value per int32_data entry) as ints. */
    private static int[] integers(String where, TensorProto t) throws ModelFormatException {
        boolean signed = switch (t.getDataType()) {
            case 2 -> false; // UINT8
            case 3 -> true;  // INT8
            default -> throw new ModelFormatException(where + " has ONNX data type " + t.getDataType()
                    + "; quantized weights must be INT8 or UINT8");
        };
        int n = Math.toIntExact(elements(t));
        int[] out = new int[n];
        ByteString raw = t.getRawData();
        if (!raw.isEmpty()) {
            requireBytes(where, raw, n, 1);
            ByteBuffer bytes = raw.asReadOnlyByteBuffer();
            for (int i = 0; i < n; i++) {
                byte b = bytes.get(i);
                out[i] = signed ? b : b & 0xFF;
            }
        } else {
            requireCount(where, t.getInt32DataCount(), n);
            for (int i = 0; i < n; i++) {
                out[i] = t.getInt32Data(i);
            }
        }
        return out;
    }

    private String where(String name, TensorProto t) {
        return source + ": tensor '" + name + "'" + (name.equals(t.getName()) ? "" : " (initializer '" + t.getName() + "')");
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
