package io.github.distilbertj.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.aggregator.ReRankingContentAggregator;
import dev.langchain4j.rag.query.Query;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.RandomModels;
import io.github.distilbertj.tokenizer.Encoding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wiring of the scoring model on a random-weight one-label cross-encoder (scores are meaningless, their plumbing is not). */
class ScoringModelTest {

    @TempDir
    static Path dir;
    static Encoder crossEncoder;

    @BeforeAll
    static void load() throws IOException {
        crossEncoder = Encoder.load(RandomModels.distilBertClassifier(dir.resolve("cross"), 1, 7), 1);
    }

    @AfterAll
    static void close() {
        crossEncoder.close();
    }

    @Test
    void batchedScoresEqualEachPairScoredAlone() {
        DistilBertJScoringModel scoring = new DistilBertJScoringModel(crossEncoder);
        String query = "what is deep learning";
        List<String> texts = List.of("Deep learning is a kind of machine learning.", "Cheese", "ok",
                "neural networks with many layers learn representations of data");
        Response<List<Double>> scores = scoring.scoreAll(texts.stream().map(TextSegment::from).toList(), query);
        assertEquals(texts.size(), scores.content().size());
        for (int i = 0; i < texts.size(); i++) {
            Encoding pair = crossEncoder.tokenizer().encode(query, texts.get(i));
            float logit = crossEncoder.classifierLogits(new int[][] {pair.ids()}, null, new int[][] {pair.attentionMask()})[0][0];
            double expected = 1 / (1 + Math.exp(-logit));
            assertEquals(expected, scores.content().get(i), 1e-5, texts.get(i));
            assertTrue(scores.content().get(i) > 0 && scores.content().get(i) < 1);
        }
        assertNotEquals(scores.content().get(0), scores.content().get(1), "different pairs, different scores");
        assertEquals(scores.content().get(2), scoring.score("ok", query).content(), 1e-6);
    }

    @Test
    void reRankingAggregatorOrdersByOurScores() {
        DistilBertJScoringModel scoring = new DistilBertJScoringModel(crossEncoder);
        Query query = Query.from("which fruit is yellow");
        List<Content> candidates = List.of(Content.from("Bananas are yellow."), Content.from("The sky is blue."),
                Content.from("Grass is green."), Content.from("Lemons are sour and yellow."));
        Map<Query, Collection<List<Content>>> retrieved = Map.of(query, List.of(candidates));
        List<Content> ranked = ReRankingContentAggregator.builder().scoringModel(scoring).build().aggregate(retrieved);
        List<Double> expected = new ArrayList<>(scoring.scoreAll(
                candidates.stream().map(Content::textSegment).toList(), query.text()).content());
        expected.sort(Comparator.reverseOrder());
        assertEquals(candidates.size(), ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            double s = scoring.score(ranked.get(i).textSegment(), query.text()).content();
            assertEquals(expected.get(i), s, 1e-6, "rank " + i);
        }
    }

    @Test
    void aModelWithoutOneLabelIsRefusedByName() throws IOException {
        try (Encoder threeLabels = Encoder.load(RandomModels.distilBertClassifier(dir.resolve("three"), 3, 1), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new DistilBertJScoringModel(threeLabels));
            assertTrue(e.getMessage().contains("3 labels"), e.getMessage());
        }
        try (Encoder none = Encoder.builtin(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DistilBertJScoringModel(none));
            assertTrue(e.getMessage().contains("no classifier"), e.getMessage());
        }
    }
}
