package io.github.distilbertj.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingParameter;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Matryoshka;
import io.github.distilbertj.tokenizer.BertTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * LangChain4j {@link EmbeddingModel} on a DistilBERT-J {@link Encoder}, in process.
 *
 * <p>{@code embedAll} hands the whole list to {@link Encoder#embed(List)} in one call, which sorts
 * it by length and runs padding-aware batched forward passes, truncating each text at the model's
 * max positions (512 for all-MiniLM-L6-v2), where LangChain4j's own in-process models embed one
 * text at a time and cut at 128 tokens.
 *
 * <p>{@code dimensions} (on the request, or the default given to the constructor) keeps the first
 * components and re-normalises (Matryoshka), as TEI does. The encoder is not owned: close it yourself.
 */
public final class DistilBertJEmbeddingModel implements EmbeddingModel {

    private final Encoder encoder;
    private final String modelName;
    private final Integer defaultDimensions;

    /** Full-size embeddings named after the model folder's config. */
    public DistilBertJEmbeddingModel(Encoder encoder) {
        this(encoder, null, null);
    }

    /**
     * @param modelName         reported by {@link #modelName()}; null = "distilbert-j"
     * @param defaultDimensions embedding size when a request does not say; null = the model's hidden size
     * @throws IllegalArgumentException defaultDimensions outside 1..hidden size
     */
    public DistilBertJEmbeddingModel(Encoder encoder, String modelName, Integer defaultDimensions) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.modelName = modelName == null ? "distilbert-j" : modelName;
        if (defaultDimensions != null) {
            Matryoshka.check(defaultDimensions, encoder.config().hiddenSize());
        }
        this.defaultDimensions = defaultDimensions;
    }

    @Override
    public EmbeddingRequestParameters defaultRequestParameters() {
        return EmbeddingRequestParameters.builder().modelName(modelName).dimensions(defaultDimensions).build();
    }

    @Override
    public Set<EmbeddingParameter<?>> supportedParameters() {
        return Set.of(EmbeddingRequestParameters.MODEL_NAME, EmbeddingRequestParameters.DIMENSIONS);
    }

    @Override
    public EmbeddingResponse doEmbed(EmbeddingRequest request) {
        List<String> texts = new ArrayList<>(request.inputs().size());
        for (EmbeddingInput input : request.inputs()) {
            texts.add(input.text());
        }
        Integer requested = request.dimensions() != null ? request.dimensions() : defaultDimensions;
        if (requested != null) {
            Matryoshka.check(requested, encoder.config().hiddenSize());
        }
        float[][] vectors = encoder.embed(texts);
        List<Embedding> embeddings = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            embeddings.add(Embedding.from(requested == null ? v : Matryoshka.truncate(v, requested)));
        }
        return EmbeddingResponse.builder()
                .embeddings(embeddings)
                .modelName(modelName)
                .tokenUsage(new TokenUsage(inputTokens(encoder.tokenizer(), texts)))
                .build();
    }

    @Override
    public int dimension() {
        return defaultDimensions != null ? defaultDimensions : encoder.config().hiddenSize();
    }

    @Override
    public String modelName() {
        return modelName;
    }

    /** Tokens the model saw (special tokens included, after truncation), as OpenAI's usage counts them. */
    static int inputTokens(BertTokenizer tokenizer, List<String> texts) {
        int total = 0;
        for (String text : texts) {
            total += tokenizer.encode(text).length();
        }
        return total;
    }
}
