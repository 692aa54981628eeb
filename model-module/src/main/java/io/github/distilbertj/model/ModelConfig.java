package io.github.distilbertj.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The architecture hyper-parameters of a checkpoint, read from Hugging Face's config.json.
 * DistilBERT and BERT spell the same quantities differently (dim / hidden_size, n_layers /
 * num_hidden_layers, ...); this record holds them under one set of names.
 *
 * @param labels        class names by index from {@code id2label}; empty when the config has none
 * @param pooling       how {@link Encoder#embed} pools: MEAN for sentence-transformers folders
 *                      (1_Pooling/config.json), CLS otherwise
 */
public record ModelConfig(ModelType modelType, int vocabSize, int hiddenSize, int numLayers,
                          int numHeads, int intermediateSize, int maxPositions, int typeVocabSize,
                          float layerNormEps, Activation activation, int padTokenId,
                          List<String> labels, Pooling pooling) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ModelConfig {
        labels = List.copyOf(labels);
        requirePositive("vocab size", vocabSize);
        requirePositive("hidden size", hiddenSize);
        requirePositive("number of layers", numLayers);
        requirePositive("number of heads", numHeads);
        requirePositive("intermediate size", intermediateSize);
        requirePositive("max positions", maxPositions);
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize
                    + " is not a multiple of the number of heads " + numHeads);
        }
        if (modelType == ModelType.BERT) {
            requirePositive("type vocab size", typeVocabSize);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer norm eps must be > 0, got " + layerNormEps);
        }
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + value);
        }
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public ModelConfig withPooling(Pooling newPooling) {
        return new ModelConfig(modelType, vocabSize, hiddenSize, numLayers, numHeads,
                intermediateSize, maxPositions, typeVocabSize, layerNormEps, activation,
                padTokenId, labels, newPooling);
    }

    /** all-MiniLM-L6-v2, the built-in model: a 6-layer BERT with sentence-transformers mean pooling. */
    public static ModelConfig allMiniLmL6V2() {
        return new ModelConfig(ModelType.BERT, 30522, 384, 6, 12, 1536, 512, 2, 1e-12f,
                Activation.GELU, 0, List.of(), Pooling.MEAN);
    }

    /** Reads a config.json file. */
    public static ModelConfig read(Path configJson) throws IOException {
        return parse(Files.readString(configJson), configJson.toString());
    }

    /**
     * Parses config.json text. {@code source} names the file in error messages.
     *
     * @throws ModelFormatException unknown model_type, unsupported activation, missing or
     *                              invalid keys
     */
    public static ModelConfig parse(String json, String source) throws ModelFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new ModelFormatException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(source + ": expected a JSON object");
        }
        String type = text(root, "model_type", source);
        try {
            return switch (type) {
                case "distilbert" -> new ModelConfig(ModelType.DISTILBERT,
                        integer(root, "vocab_size", source), integer(root, "dim", source),
                        integer(root, "n_layers", source), integer(root, "n_heads", source),
                        integer(root, "hidden_dim", source),
                        integer(root, "max_position_embeddings", source), 0,
                        // DistilBERT hard-codes eps=1e-12 in every LayerNorm.
                        1e-12f, activation(root, "activation", source),
                        optionalInt(root, "pad_token_id", 0, source), labels(root, source),
                        Pooling.CLS);
                case "bert" -> {
                    if (root.has("position_embedding_type")
                            && !"absolute".equals(text(root, "position_embedding_type", source))) {
                        throw new ModelFormatException(source + ": position_embedding_type '"
                                + root.get("position_embedding_type").asString()
                                + "' is not supported (only 'absolute')");
                    }
                    yield new ModelConfig(ModelType.BERT,
                            integer(root, "vocab_size", source), integer(root, "hidden_size", source),
                            integer(root, "num_hidden_layers", source),
                            integer(root, "num_attention_heads", source),
                            integer(root, "intermediate_size", source),
                            integer(root, "max_position_embeddings", source),
                            optionalInt(root, "type_vocab_size", 2, source),
                            (float) optionalDouble(root, "layer_norm_eps", 1e-12, source),
                            activation(root, "hidden_act", source),
                            optionalInt(root, "pad_token_id", 0, source), labels(root, source),
                            Pooling.CLS);
                }
                default -> throw new ModelFormatException(source + ": model_type '" + type
                        + "' is not supported; expected 'distilbert' or 'bert'");
            };
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static Activation activation(JsonNode root, String key, String source)
            throws ModelFormatException {
        String name = text(root, key, source);
        for (Activation a : Activation.values()) {
            if (a.configName().equals(name)) {
                return a;
            }
        }
        throw new ModelFormatException(source + ": " + key + " '" + name
                + "' is not supported; expected 'gelu' or 'relu'");
    }

    private static List<String> labels(JsonNode root, String source) throws ModelFormatException {
        JsonNode node = root.get("id2label");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new ModelFormatException(source + ": id2label must be an object");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new ModelFormatException(source + ": id2label key '" + e.getKey()
                        + "' is not an integer");
            }
            byId.put(id, e.getValue().asString());
        }
        List<String> labels = new ArrayList<>(byId.size());
        int expected = 0;
        for (Map.Entry<Integer, String> e : byId.entrySet()) {
            if (e.getKey() != expected++) {
                throw new ModelFormatException(source + ": id2label ids must be 0.." + (byId.size() - 1)
                        + ", found " + byId.keySet());
            }
            labels.add(e.getValue());
        }
        return labels;
    }

    private static String text(JsonNode root, String key, String source) throws ModelFormatException {
        JsonNode node = root.get(key);
        if (node == null || !node.isString()) {
            throw new ModelFormatException(source + ": missing string '" + key + "'");
        }
        return node.asString();
    }

    private static int integer(JsonNode root, String key, String source) throws ModelFormatException {
        JsonNode node = root.get(key);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ModelFormatException(source + ": missing integer '" + key + "'");
        }
        return node.intValue();
    }

    private static int optionalInt(JsonNode root, String key, int fallback, String source)
            throws ModelFormatException {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? fallback : integer(root, key, source);
    }

    private static double optionalDouble(JsonNode root, String key, double fallback, String source)
            throws ModelFormatException {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new ModelFormatException(source + ": '" + key + "' must be a number");
        }
        return node.doubleValue();
    }

    /**
     * Reads a sentence-transformers pooling config (1_Pooling/config.json), or null when the
     * file names no mode this module implements.
     */
    static Pooling readSentenceTransformersPooling(Path poolingConfig) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(poolingConfig));
        } catch (JacksonException e) {
            throw new ModelFormatException(poolingConfig + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root.path("pooling_mode_mean_tokens").asBoolean(false)) {
            return Pooling.MEAN;
        }
        if (root.path("pooling_mode_cls_token").asBoolean(false)) {
            return Pooling.CLS;
        }
        if (root.path("pooling_mode_max_tokens").asBoolean(false)) {
            return Pooling.MAX;
        }
        throw new ModelFormatException(poolingConfig + ": no supported pooling mode (mean, cls, max) is enabled");
    }
}
