package io.github.distilbertj.springai;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Matryoshka;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Spring AI {@link EmbeddingModel} on a DistilBERT-J {@link Encoder}, in process (Spring AI 2.0.x, the line
 * built on Spring Boot 4 / Spring Framework 7).
 *
 * <p>Each {@link #call(EmbeddingRequest)} hands all its texts to {@link Encoder#embed(List)} in one call
 * (length-sorted, padding-aware batched forward passes). {@link EmbeddingOptions#getDimensions()} on the
 * request, else the default given here, keeps the first components and re-normalises (Matryoshka), as
 * TEI does; {@code getModel()} is reported back but does not pick a model (there is one, in process).
 * The encoder is not owned: close it yourself (the Spring Boot starter's bean does).
 */
public final class DistilBertJEmbeddingModel implements EmbeddingModel {

    private final Encoder encoder;
    private final String modelName;
    private final Integer defaultDimensions;

    public DistilBertJEmbeddingModel(Encoder encoder) {
        this(encoder, null, null);
    }

    /**
     * @param modelName         reported in the response metadata; null = "distilbert-j"
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
    public EmbeddingResponse call(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        List<String> texts = request.getInstructions();
        EmbeddingOptions options = request.getOptions();
        Integer dimensions = options != null && options.getDimensions() != null ? options.getDimensions() : defaultDimensions;
        if (dimensions != null) {
            Matryoshka.check(dimensions, encoder.config().hiddenSize());
        }
        float[][] vectors = encoder.embed(texts);
        List<Embedding> embeddings = new ArrayList<>(vectors.length);
        int tokens = 0;
        for (int i = 0; i < vectors.length; i++) {
            embeddings.add(new Embedding(dimensions == null ? vectors[i] : Matryoshka.truncate(vectors[i], dimensions), i));
            tokens += encoder.tokenizer().encode(texts.get(i)).length();
        }
        String model = options != null && options.getModel() != null ? options.getModel() : modelName;
        return new EmbeddingResponse(embeddings, new EmbeddingResponseMetadata(model, new DefaultUsage(tokens, 0)));
    }

    @Override
    public float[] embed(Document document) {
        float[] v = encoder.embed(getEmbeddingContent(document));
        return defaultDimensions == null ? v : Matryoshka.truncate(v, defaultDimensions);
    }

    @Override
    public int dimensions() {
        return defaultDimensions != null ? defaultDimensions : encoder.config().hiddenSize();
    }
}
