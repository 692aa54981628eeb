package io.github.distilbertj.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The starter's {@code distilbertj.*} properties (the same names the DistilBERT-J server uses for the same things).
 *
 * @param model        a Hugging Face model folder for embeddings; unset = the built-in all-MiniLM-L6-v2
 * @param modelId      the model name the adapters report; unset = "all-MiniLM-L6-v2" for the built-in model,
 *                     else the folder's name
 * @param threads      kernel threads of each encoder; 0 = all processors
 * @param dimensions   default embedding size (Matryoshka: cut, then re-normalise); unset = the model's hidden size
 * @param scoringModel a cross-encoder folder (sequence classifier with one label) for the LangChain4j
 *                     ScoringModel bean; unset = no scoring model
 * @throws IllegalArgumentException a value out of range (binding fails and start-up stops naming the property)
 */
@ConfigurationProperties("distilbertj")
public record DistilBertJProperties(
        Path model,
        String modelId,
        @DefaultValue("0") int threads,
        Integer dimensions,
        Path scoringModel) {

    public DistilBertJProperties {
        if (threads < 0 || threads > 1024) {
            throw new IllegalArgumentException("distilbertj.threads must be between 0 and 1024, got " + threads);
        }
        if (dimensions != null && dimensions < 1) {
            throw new IllegalArgumentException("distilbertj.dimensions must be >= 1, got " + dimensions);
        }
    }

    /** Kernel threads to give each encoder. */
    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The name the adapters report. */
    public String effectiveModelId() {
        if (modelId != null && !modelId.isBlank()) {
            return modelId;
        }
        return model == null ? "all-MiniLM-L6-v2" : String.valueOf(model.toAbsolutePath().normalize().getFileName());
    }
}
