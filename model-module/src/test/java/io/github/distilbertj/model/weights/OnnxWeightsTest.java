package io.github.distilbertj.model.weights;

import com.google.protobuf.ByteString;
import io.github.distilbertj.kernels.PackedWeights;
import io.github.distilbertj.model.ModelFormatException;
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
}
