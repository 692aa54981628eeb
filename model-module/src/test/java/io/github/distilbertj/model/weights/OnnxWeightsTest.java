package io.github.distilbertj.model.weights;

import com.google.protobuf.ByteString;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.ModelFormatException;
import io.github.distilbertj.model.UnsupportedQuantizationException;
import io.github.distilbertj.model.onnx.OnnxProto.AttributeProto;
import io.github.distilbertj.model.onnx.OnnxProto.GraphProto;
import io.github.distilbertj.model.onnx.OnnxProto.ModelProto;
import io.github.distilbertj.model.onnx.OnnxProto.NodeProto;
import io.github.distilbertj.model.onnx.OnnxProto.StringStringEntryProto;
import io.github.distilbertj.model.onnx.OnnxProto.TensorProto;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Naming and decoding of ONNX initializers on small hand-built graphs. */
class OnnxWeightsTest {

    // B [in=3, out=2] as an ONNX MatMul stores it; PyTorch's weight is its transpose [2, 3].
    private static final float[] B = {1, 2, 3, 4, 5, 6};

    private static TensorProto raw(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        b.flip();
        return TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(box(dims))
                .setRawData(ByteString.copyFrom(b)).build();
    }

    private static TensorProto floatData(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(box(dims));
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static java.util.List<Long> box(long[] dims) {
        return java.util.Arrays.stream(dims).boxed().toList();
    }

    private static NodeProto node(String op, String out, String... in) {
        return NodeProto.newBuilder().setOpType(op).addAllInput(java.util.List.of(in)).addOutput(out).build();
    }

    private static OnnxWeights parse(GraphProto.Builder graph) throws ModelFormatException {
        return OnnxWeights.parse(ModelProto.newBuilder().setIrVersion(7).setGraph(graph).build().toByteArray(), "test.onnx");
    }

    @Test
    void namesMatMulWeightsAfterTheBiasTheirAddUses() throws ModelFormatException {
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInitializer(raw("onnx::MatMul_7", B, 3, 2))
                .addInitializer(floatData("layer.0.query.bias", new float[] {0.5f, -0.5f}, 2))
                .addInitializer(floatData("onnx::MatMul_9", B, 3, 2))
                .addInitializer(raw("layer.0.key.bias", new float[] {1, 1}, 2))
                .addInitializer(raw("layer.0.value.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
                .addInitializer(raw("layer.0.value.bias", new float[] {0, 0}, 2))
                // torch puts the bias first, other exporters second: both are recognised.
                .addNode(node("MatMul", "q_mm", "x", "onnx::MatMul_7"))
                .addNode(node("Add", "q", "layer.0.query.bias", "q_mm"))
                .addNode(node("MatMul", "k_mm", "x", "onnx::MatMul_9"))
                .addNode(node("Add", "k", "k_mm", "layer.0.key.bias"))
                .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("x").addInput("layer.0.value.weight")
                        .addInput("layer.0.value.bias").addOutput("v")
                        .addAttribute(AttributeProto.newBuilder().setName("transB").setI(1)
                                .setType(AttributeProto.AttributeType.INT)).build());
        OnnxWeights w = parse(g);
        for (String name : new String[] {"layer.0.query.weight", "layer.0.key.weight", "layer.0.value.weight"}) {
            assertArrayEquals(new long[] {2, 3}, w.shape(name), name);
            // PyTorch layout: W[j][p] = B[p][j].
            // The Gemm(transB=1) weight is stored as PyTorch's [out, in] already.
            float[] expected = name.contains("value") ? new float[] {1, 2, 3, 4, 5, 6} : new float[] {1, 3, 5, 2, 4, 6};
            assertArrayEquals(expected, w.floats(name), name);
            PackedWeights packed = w.linear(name, 2, 3);
            assertEquals(2, packed.n());
            assertEquals(3, packed.k());
        }
        PackedWeights q = w.linear("layer.0.query.weight", 2, 3);
        PackedWeights v = w.linear("layer.0.value.weight", 2, 3);
        for (int j = 0; j < 2; j++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(B[p * 2 + j], q.get(j, p));
                assertEquals(new float[] {1, 2, 3, 4, 5, 6}[j * 3 + p], v.get(j, p));
            }
        }
        assertArrayEquals(new float[] {0.5f, -0.5f}, w.floats("layer.0.query.bias"));
        assertNull(w.shape("layer.0.output.weight"));
    }

    @Test
    void halfPrecisionInitializersAreWidened() throws ModelFormatException {
        TensorProto half = TensorProto.newBuilder().setName("h.bias").setDataType(10).addDims(3)
                .addInt32Data(0x3C00).addInt32Data(0xC000).addInt32Data(0x3800).build();
        TensorProto bf = TensorProto.newBuilder().setName("b.bias").setDataType(16).addDims(2)
                .setRawData(ByteString.copyFrom(new byte[] {(byte) 0x80, 0x3F, 0x00, (byte) 0xC0})).build();
        OnnxWeights w = parse(GraphProto.newBuilder().addInitializer(half).addInitializer(bf));
        assertArrayEquals(new float[] {1f, -2f, 0.5f}, w.floats("h.bias"));
        assertArrayEquals(new float[] {1f, -2f}, w.floats("b.bias"));
    }

    @Test
    void externalDataAndBadPayloadsGetClearErrors() throws ModelFormatException {
        TensorProto external = TensorProto.newBuilder().setName("e.bias").setDataType(1).addDims(2)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")).build();
        TensorProto shortRaw = TensorProto.newBuilder().setName("s.bias").setDataType(1).addDims(4)
                .setRawData(ByteString.copyFrom(new byte[8])).build();
        TensorProto ints = TensorProto.newBuilder().setName("i.bias").setDataType(7).addDims(1).addInt64Data(3).build();
        OnnxWeights w = parse(GraphProto.newBuilder().addInitializer(external).addInitializer(shortRaw).addInitializer(ints));
        String ext = assertThrows(ModelFormatException.class, () -> w.floats("e.bias")).getMessage();
        assertTrue(ext.contains("external file 'weights.bin'") && ext.contains("not supported"), ext);
        String raw = assertThrows(ModelFormatException.class, () -> w.floats("s.bias")).getMessage();
        assertTrue(raw.contains("raw_data holds 8 bytes, expected 16"), raw);
        String type = assertThrows(ModelFormatException.class, () -> w.floats("i.bias")).getMessage();
        assertTrue(type.contains("ONNX data type 7"), type);
        String garbage = assertThrows(ModelFormatException.class,
                () -> OnnxWeights.parse(new byte[] {0x0A, 0x7F, 1, 2}, "junk.onnx")).getMessage();
        assertTrue(garbage.contains("junk.onnx") && garbage.contains("not a valid ONNX model"), garbage);
    }

    // ---- dynamic-int8 exports (onnxruntime.quantization.quantize_dynamic) ----

    private static TensorProto bytes(String name, int dataType, int[] values, long... dims) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return TensorProto.newBuilder().setName(name).setDataType(dataType).addAllDims(box(dims))
                .setRawData(ByteString.copyFrom(b)).build();
    }

    /** The pattern of the -q exports: MatMulInteger -> Cast -> Mul(., a_scale * w_scale) -> Add(bias). */
    private static GraphProto.Builder matMulInteger(TensorProto weight, TensorProto scale, TensorProto zeroPoint) {
        GraphProto.Builder g = GraphProto.newBuilder().addInitializer(weight).addInitializer(scale)
                .addInitializer(floatData("layer.0.query.bias", new float[] {0, 0}, 2))
                .addNode(NodeProto.newBuilder().setOpType("DynamicQuantizeLinear").addInput("x").addOutput("xq")
                        .addOutput("xs").addOutput("xz"))
                .addNode(node("Mul", "s", "xs", scale.getName()))
                .addNode(NodeProto.newBuilder().setOpType("MatMulInteger").setName("mmi").addInput("xq")
                        .addInput(weight.getName()).addInput("xz").addInput(zeroPoint == null ? "" : zeroPoint.getName())
                        .addOutput("acc"))
                .addNode(node("Cast", "accf", "acc"))
                .addNode(node("Mul", "y", "accf", "s"))
                .addNode(node("Add", "q", "layer.0.query.bias", "y"));
        if (zeroPoint != null) {
            g.addInitializer(zeroPoint);
        }
        return g;
    }

    @Test
    void symmetricInt8MatMulIntegerWeightsArePackedExactly() throws ModelFormatException {
        // B [in=3, out=2] int8 levels, one scale and a zero zero-point per output column, as the -q exports store them.
        int[] levels = {-64, 5, 0, 64, 17, -3};
        TensorProto weight = bytes("onnx::MatMul_7_quantized", 3, levels, 3, 2);
        TensorProto scale = floatData("onnx::MatMul_7_scale", new float[] {0.01f, 0.5f}, 2);
        TensorProto zero = bytes("onnx::MatMul_7_zero_point", 3, new int[] {0, 0}, 2);
        OnnxWeights w = parse(matMulInteger(weight, scale, zero));
        assertTrue(w.dynamicInt8Activations());
        assertArrayEquals(new long[] {2, 3}, w.shape("layer.0.query.weight"));
        PackedWeights int8 = w.linear("layer.0.query.weight", 2, 3, WeightFormat.INT8);
        PackedWeights f32 = w.linear("layer.0.query.weight", 2, 3, WeightFormat.F32);
        assertEquals(WeightFormat.INT8, int8.format());
        assertEquals(WeightFormat.F32, f32.format());
        float[] floats = w.floats("layer.0.query.weight");
        for (int j = 0; j < 2; j++) {
            // The stored scale is kept, not re-derived from max|w| / 127 (which would round every level again).
            assertEquals(j == 0 ? 0.01f : 0.5f, int8.scale(j));
            for (int p = 0; p < 3; p++) {
                float expected = levels[p * 2 + j] * (j == 0 ? 0.01f : 0.5f);
                assertEquals(expected, int8.get(j, p), 0f);
                assertEquals(expected, f32.get(j, p), 0f);
                assertEquals(expected, floats[j * 3 + p], 0f);
            }
        }
    }

    @Test
    void asymmetricUint8WeightsAreDequantizedThenConverted() throws ModelFormatException {
        int[] levels = {0, 255, 128, 130, 127, 1};
        TensorProto weight = bytes("w_quantized", 2, levels, 3, 2);
        TensorProto scale = raw("w_scale", new float[] {0.25f}); // per tensor, scalar
        TensorProto zero = TensorProto.newBuilder().setName("w_zero_point").setDataType(2).addInt32Data(128).build();
        OnnxWeights w = parse(matMulInteger(weight, scale, zero));
        PackedWeights f32 = w.linear("layer.0.query.weight", 2, 3, WeightFormat.F32);
        PackedWeights int8 = w.linear("layer.0.query.weight", 2, 3, WeightFormat.INT8);
        for (int j = 0; j < 2; j++) {
            float max = 0;
            for (int p = 0; p < 3; p++) {
                float expected = (levels[p * 2 + j] - 128) * 0.25f;
                assertEquals(expected, f32.get(j, p), 0f);
                max = Math.max(max, Math.abs(expected));
            }
            // Re-quantized symmetrically: within half a step of the stored value.
            for (int p = 0; p < 3; p++) {
                assertEquals(f32.get(j, p), int8.get(j, p), max / 127 / 2 + 1e-6f);
            }
        }
    }

    @Test
    void quantizedEmbeddingTablesAreDequantized() throws ModelFormatException {
        TensorProto table = bytes("embeddings.word_embeddings.weight_quantized", 2, new int[] {128, 129, 0, 255}, 2, 2);
        TensorProto scale = raw("embeddings.word_embeddings.weight_scale", new float[] {0.5f});
        TensorProto zero = TensorProto.newBuilder().setName("embeddings.word_embeddings.weight_zero_point")
                .setDataType(2).addInt32Data(128).build();
        OnnxWeights w = parse(GraphProto.newBuilder().addInitializer(table).addInitializer(scale).addInitializer(zero)
                .addNode(node("Gather", "g", table.getName(), "input_ids"))
                .addNode(node("DequantizeLinear", "e", "g", scale.getName(), zero.getName())));
        assertFalse(w.dynamicInt8Activations());
        assertArrayEquals(new long[] {2, 2}, w.shape("embeddings.word_embeddings.weight"));
        assertArrayEquals(new float[] {0f, 0.5f, -64f, 63.5f}, w.floats("embeddings.word_embeddings.weight"));
        assertArrayEquals(new float[] {0f, 0.5f, -64f, 63.5f},
                w.embedding("embeddings.word_embeddings.weight", 2, 2).toArray());
    }

    @Test
    void unmappableQuantizedGraphsFailWithTheNode() {
        GraphProto.Builder qlinear = GraphProto.newBuilder()
                .addNode(NodeProto.newBuilder().setOpType("QLinearMatMul").setName("/layer.0/query/MatMul_quant")
                        .addInput("a").addOutput("y"));
        String msg = assertThrows(UnsupportedQuantizationException.class, () -> parse(qlinear)).getMessage();
        assertTrue(msg.contains("test.onnx") && msg.contains("/layer.0/query/MatMul_quant") && msg.contains("QLinearMatMul")
                && msg.contains("MatMulInteger"), msg);

        GraphProto.Builder computedWeight = GraphProto.newBuilder()
                .addNode(NodeProto.newBuilder().setOpType("MatMulInteger").setName("mmi").addInput("a").addInput("b")
                        .addOutput("y"));
        msg = assertThrows(UnsupportedQuantizationException.class, () -> parse(computedWeight)).getMessage();
        assertTrue(msg.contains("'mmi'") && msg.contains("initializer"), msg);

        TensorProto weight = bytes("w_quantized", 3, new int[] {1, 2, 3, 4, 5, 6}, 3, 2);
        GraphProto.Builder noBias = matMulInteger(weight, raw("w_scale", new float[] {0.1f}), null);
        noBias.removeNode(noBias.getNodeCount() - 1);
        msg = assertThrows(UnsupportedQuantizationException.class, () -> parse(noBias)).getMessage();
        assertTrue(msg.contains("'mmi'") && msg.contains("bias"), msg);
    }

    /**
     * The real -q exports: every Linear weight is packed as INT8 without rounding anything (symmetric, levels within
     * [-127, 127]: these files use 7 bits, [-64, 64]), every embedding table is dequantized, and the activations
     * are marked as quantized per call.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"all-minilm-l6-v2-q.onnx", "bge-small-en-v1.5-q.onnx",
            "e5-small-v2-q.onnx"})
    void theInt8ExportsOfTheCatalogueMapExactly(String file) throws Exception {
        byte[] bytes;
        try (java.io.InputStream in = OnnxWeightsTest.class.getClassLoader().getResourceAsStream(file)) {
            assertTrue(in != null, file + " on the test class path");
            bytes = in.readAllBytes();
        }
        OnnxWeights w = OnnxWeights.parse(bytes, file);
        assertTrue(w.dynamicInt8Activations());
        int linears = 0;
        for (String name : w.names()) {
            if (!name.startsWith("encoder.layer.") || !name.endsWith(".weight") || name.contains("LayerNorm")) {
                continue;
            }
            long[] shape = w.shape(name);
            int out = (int) shape[0];
            int in = (int) shape[1];
            PackedWeights packed = w.linear(name, out, in, WeightFormat.INT8);
            float[] exact = w.floats(name);
            for (int j = 0; j < out; j++) {
                for (int p = 0; p < in; p++) {
                    if (packed.get(j, p) != exact[j * in + p]) {
                        throw new AssertionError(name + "[" + j + "][" + p + "]: packed " + packed.get(j, p)
                                + ", stored " + exact[j * in + p]);
                    }
                }
            }
            linears++;
        }
        int layers = file.startsWith("all-minilm") ? 6 : 12;
        assertEquals(6 * layers, linears, "query, key, value, attention output, intermediate, output per layer");
        assertArrayEquals(new long[] {30522, 384}, w.shape("embeddings.word_embeddings.weight"));
        assertEquals(30522 * 384, w.floats("embeddings.word_embeddings.weight").length);
    }
}
