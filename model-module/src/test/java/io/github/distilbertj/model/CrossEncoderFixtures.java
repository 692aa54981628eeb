package io.github.distilbertj.model;

import io.github.distilbertj.model.weights.SafeTensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The re-ranking request behind the cross-encoder fixtures ({@code bert-tiny-cross}: BertForSequenceClassification,
 * {@code distilbert-tiny-cross}: DistilBertForSequenceClassification, one label each, random weights):
 * benchmark/python/make_fixtures.py ran PyTorch on the pairs (QUERY, text) of these texts in one right-padded
 * batch and wrote {@code classifier_logits [texts, 1]}. Shared with api-module's re-rank parity tests.
 */
public final class CrossEncoderFixtures {
    private CrossEncoderFixtures() {
    }

    /** make_fixtures.py RERANK_QUERY. */
    public static final String QUERY = "what is deep learning ?";

    /** make_fixtures.py RERANK_TEXTS (lengths 25, 9, 36, 12 and 11 tokens with the query). */
    public static final List<String> TEXTS = List.of(
            "deep learning is a subfield of machine learning based on neural networks with many layers .",
            "cheese",
            "the weather in paris was mild and sunny for most of the week , with a little rain on sunday "
                    + "evening and strong winds near the coast .",
            "neural networks learn representations",
            "is it ?");

    /** PyTorch's logit of each pair, in the order of {@link #TEXTS}, from the fixture folder's reference.safetensors. */
    public static float[] logits(Path folder) throws IOException {
        Path file = folder.resolve("reference.safetensors");
        return SafeTensors.parse(MemorySegment.ofArray(Files.readAllBytes(file)), file.toString()).floats("classifier_logits");
    }
}
