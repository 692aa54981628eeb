package io.github.distilbertj.model;

import io.github.distilbertj.model.weights.DType;
import io.github.distilbertj.model.weights.SafeTensors;
import io.github.distilbertj.model.weights.SafeTensorsWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config.json rejection and missing / mis-shaped tensor messages. */
class ModelLoadingErrorsTest {

    @TempDir
    Path dir;

    @Test
    void readsBothConfigDialects() throws IOException {
        ModelConfig d = ModelConfig.read(Fixtures.folder("distilbert-tiny-cls").resolve("config.json"));
        assertEquals(ModelType.DISTILBERT, d.modelType());
        assertEquals(32, d.hiddenSize());
        assertEquals(2, d.numLayers());
        assertEquals(4, d.numHeads());
        assertEquals(64, d.intermediateSize());
        assertEquals(64, d.maxPositions());
        assertEquals(Activation.GELU, d.activation());
        assertEquals(List.of("NEGATIVE", "POSITIVE", "NEUTRAL"), d.labels());
        assertEquals(Pooling.CLS, d.pooling());
        ModelConfig b = ModelConfig.read(Fixtures.folder("bert-tiny").resolve("config.json"));
        assertEquals(ModelType.BERT, b.modelType());
        assertEquals(2, b.typeVocabSize());
        assertEquals(1e-12f, b.layerNormEps());
    }

    private static String configError(String json) {
        return assertThrows(ModelFormatException.class, () -> ModelConfig.parse(json, "config.json")).getMessage();
    }

    @Test
    void rejectsUnsupportedConfigs() {
        String roberta = configError("{\"model_type\": \"roberta\", \"hidden_size\": 8}");
        assertTrue(roberta.contains("model_type 'roberta' is not supported"), roberta);
        String silu = configError("{\"model_type\": \"distilbert\", \"vocab_size\": 10, \"dim\": 8, \"n_layers\": 1,"
                + " \"n_heads\": 2, \"hidden_dim\": 16, \"max_position_embeddings\": 8, \"activation\": \"silu\"}");
        assertTrue(silu.contains("activation 'silu' is not supported"), silu);
        String geluNew = configError("{\"model_type\": \"bert\", \"vocab_size\": 10, \"hidden_size\": 8,"
                + " \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 16,"
                + " \"max_position_embeddings\": 8, \"hidden_act\": \"gelu_new\"}");
        assertTrue(geluNew.contains("hidden_act 'gelu_new' is not supported"), geluNew);
        String heads = configError("{\"model_type\": \"distilbert\", \"vocab_size\": 10, \"dim\": 10, \"n_layers\": 1,"
                + " \"n_heads\": 3, \"hidden_dim\": 16, \"max_position_embeddings\": 8, \"activation\": \"gelu\"}");
        assertTrue(heads.contains("not a multiple"), heads);
        assertTrue(configError("{\"model_type\": \"distilbert\"}").contains("missing integer 'vocab_size'"));
        assertTrue(configError("[1, 2]").contains("expected a JSON object"));
        assertTrue(configError("{\"model_type\": ").contains("not valid JSON"));
        assertTrue(configError("{\"model_type\": \"bert\", \"position_embedding_type\": \"relative_key\"}")
                .contains("relative_key"));
    }

    /** A copy of a fixture folder whose model.safetensors is rewritten by {@code edit}. */
    private Path rewritten(String fixture, java.util.function.BiConsumer<SafeTensors, SafeTensorsWriter> edit)
            throws IOException {
        Path src = Fixtures.folder(fixture);
        Path out = Files.createDirectories(dir.resolve(fixture + "-edited"));
        Files.copy(src.resolve("config.json"), out.resolve("config.json"));
        Files.copy(src.resolve("vocab.txt"), out.resolve("vocab.txt"));
        try (Arena arena = Arena.ofConfined()) {
            SafeTensors st = SafeTensors.open(src.resolve("model.safetensors"), arena);
            SafeTensorsWriter w = new SafeTensorsWriter();
            edit.accept(st, w);
            w.write(out.resolve("model.safetensors"));
        }
        return out;
    }

    private static void copyAllBut(SafeTensors st, SafeTensorsWriter w, String skip) {
        try {
            for (String name : st.names()) {
                if (!name.equals(skip)) {
                    w.add(name, DType.F32, st.floats(name), st.info(name).shape());
                }
            }
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void missingTensorIsNamedWithItsExpectedShape() throws IOException {
        Path folder = rewritten("distilbert-tiny-noprefix",
                (st, w) -> copyAllBut(st, w, "transformer.layer.1.ffn.lin2.weight"));
        String msg = assertThrows(ModelFormatException.class, () -> Encoder.load(folder, 1)).getMessage();
        assertTrue(msg.contains("missing tensor") && msg.contains("'transformer.layer.1.ffn.lin2.weight'")
                && msg.contains("'distilbert.transformer.layer.1.ffn.lin2.weight'") && msg.contains("[32, 64]"), msg);
    }

    @Test
    void misShapedTensorIsNamedWithBothShapes() throws IOException {
        String name = "distilbert.transformer.layer.0.attention.q_lin.weight";
        Path folder = rewritten("distilbert-tiny", (st, w) -> {
            copyAllBut(st, w, name);
            w.add(name, DType.F32, new float[32 * 16], 32, 16);
        });
        String msg = assertThrows(ModelFormatException.class, () -> Encoder.load(folder, 1)).getMessage();
        assertTrue(msg.contains("'" + name + "'") && msg.contains("[32, 16]") && msg.contains("expected [32, 32]"), msg);
    }

    @Test
    void foldersWithoutWeightsOrWithABadConfigAreRejected() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.copy(Fixtures.folder("bert-tiny").resolve("config.json"), empty.resolve("config.json"));
        Files.copy(Fixtures.folder("bert-tiny").resolve("vocab.txt"), empty.resolve("vocab.txt"));
        assertTrue(assertThrows(ModelFormatException.class, () -> Encoder.load(empty, 1)).getMessage()
                .contains("no model.safetensors or model.onnx"));
        Files.writeString(empty.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        assertTrue(assertThrows(ModelFormatException.class, () -> Encoder.load(empty, 1)).getMessage()
                .contains("model_type 'gpt2'"));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Encoder.load(dir.resolve("absent"), 1));
        assertThrows(IllegalArgumentException.class, () -> Encoder.load(empty, 0));
    }

    @Test
    void anUnmappableQuantizedGraphFailsNamingTheOptionAndTheAcceptedValues() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("qlinear"));
        Files.copy(Fixtures.folder("bert-tiny").resolve("config.json"), folder.resolve("config.json"));
        Files.copy(Fixtures.folder("bert-tiny").resolve("vocab.txt"), folder.resolve("vocab.txt"));
        io.github.distilbertj.model.onnx.OnnxProto.GraphProto graph = io.github.distilbertj.model.onnx.OnnxProto.GraphProto
                .newBuilder().addNode(io.github.distilbertj.model.onnx.OnnxProto.NodeProto.newBuilder()
                        .setOpType("QLinearMatMul").setName("/encoder/layer.0/attention/self/query/MatMul_quant")
                        .addInput("x").addOutput("y"))
                .build();
        Files.write(folder.resolve("model.onnx"), io.github.distilbertj.model.onnx.OnnxProto.ModelProto.newBuilder()
                .setIrVersion(7).setGraph(graph).build().toByteArray());
        UnsupportedQuantizationException e = assertThrows(UnsupportedQuantizationException.class,
                () -> Encoder.load(folder, new LoadOptions(1, io.github.distilbertj.kernels.WeightFormat.INT8)));
        assertTrue(e.getMessage().contains("QLinearMatMul") && e.getMessage().contains("query/MatMul_quant")
                && e.getMessage().contains("distilbertj.weights=int8") && e.getMessage().contains("f32|bf16|int8"),
                e.getMessage());
    }
}
