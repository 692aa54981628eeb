package io.github.distilbertj.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.model.scoring.ScoringModel;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.ModelType;
import io.github.distilbertj.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * LangChain4j {@link ScoringModel} (re-ranking) on a cross-encoder: a BertForSequenceClassification or
 * DistilBertForSequenceClassification checkpoint with one label, such as
 * cross-encoder/ms-marco-MiniLM-L-6-v2. Each (query, segment) pair is encoded as
 * {@code [CLS] query [SEP] segment [SEP]}, all pairs of a call run as one batched forward, and the score is
 * sigmoid(logit), as TEI's {@code /rerank} answers by default (and sentence-transformers' CrossEncoder).
 * The encoder is not owned: close it yourself.
 */
public final class DistilBertJScoringModel implements ScoringModel {

    private final Encoder encoder;

    /**
     * @throws IllegalArgumentException the checkpoint has no classifier, or one with other than one label
     */
    public DistilBertJScoringModel(Encoder encoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        if (!encoder.hasClassifier() || encoder.labels().size() != 1) {
            throw new IllegalArgumentException("a scoring model needs a cross-encoder (a sequence classifier with "
                    + "one label); this checkpoint has " + (encoder.hasClassifier()
                    ? encoder.labels().size() + " labels " + encoder.labels() : "no classifier"));
        }
    }

    @Override
    public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(query, "query");
        if (segments.isEmpty()) {
            return Response.from(List.of());
        }
        List<String> texts = new ArrayList<>(segments.size());
        for (TextSegment segment : segments) {
            texts.add(segment.text());
        }
        List<Encoding> pairs = encoder.tokenizer().encodePairBatch(Collections.nCopies(texts.size(), query), texts);
        int n = pairs.size();
        int[][] ids = new int[n][];
        int[][] types = new int[n][];
        int[][] mask = new int[n][];
        int tokens = 0;
        for (int i = 0; i < n; i++) {
            Encoding e = pairs.get(i);
            ids[i] = e.ids();
            types[i] = e.typeIds();
            mask[i] = e.attentionMask();
            tokens += e.length();
        }
        // DistilBERT has no token-type embeddings: its pairs are told apart by [SEP] alone.
        boolean bert = encoder.config().modelType() == ModelType.BERT;
        float[][] logits = encoder.classifierLogits(ids, bert ? types : null, mask);
        List<Double> scores = new ArrayList<>(n);
        for (float[] row : logits) {
            scores.add(sigmoid(row[0]));
        }
        return Response.from(scores, new TokenUsage(tokens));
    }

    static double sigmoid(float logit) {
        return 1.0 / (1.0 + Math.exp(-logit));
    }
}
