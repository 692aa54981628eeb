package io.github.distilbertj.springai;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Matryoshka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spring AI's own flow (SimpleVectorStore add + similarity search) on the built-in all-MiniLM-L6-v2. */
class VectorStoreFlowTest {

    static final List<String> FACTS = List.of(
            "The Eiffel Tower is a wrought-iron lattice tower in Paris, France.",
            "Photosynthesis lets plants turn sunlight, water and carbon dioxide into sugar.",
            "The Pacific Ocean is the largest and deepest of Earth's oceans.",
            "Mount Everest is the highest mountain above sea level, in the Himalayas.",
            "Espresso is coffee brewed by forcing hot water through finely ground beans.",
            "A violin is a string instrument played with a bow.",
            "Jupiter is the biggest planet of the solar system, a gas giant.",
            "Penguins are flightless birds that live mostly in the Southern Hemisphere.");

    static Encoder encoder;

    @BeforeAll
    static void load() {
        encoder = Encoder.builtin(2);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void addedDocumentsAnswerQuestions() {
        DistilBertJEmbeddingModel model = new DistilBertJEmbeddingModel(encoder, "all-MiniLM-L6-v2", null);
        SimpleVectorStore store = SimpleVectorStore.builder(model).build();
        store.add(FACTS.stream().map(f -> new Document(f, Map.of("source", "facts"))).toList());

        assertTop(store, "Which is the tallest mountain in the world?", "Mount Everest");
        assertTop(store, "How do plants make food from light?", "Photosynthesis");
        assertTop(store, "What is the largest planet?", "Jupiter");
        assertTop(store, "birds that cannot fly", "Penguins");
        assertTop(store, "a famous landmark in the French capital", "The Eiffel Tower");

        List<Document> two = store.similaritySearch(SearchRequest.builder().query("hot drinks").topK(2).build());
        assertEquals(2, two.size());
        assertTrue(two.get(0).getScore() >= two.get(1).getScore());
    }

    @Test
    void matryoshkaDimensionsStillRetrieve() {
        DistilBertJEmbeddingModel model = new DistilBertJEmbeddingModel(encoder, null, 128);
        assertEquals(128, model.dimensions());
        SimpleVectorStore store = SimpleVectorStore.builder(model).build();
        store.add(FACTS.stream().map(Document::new).toList());
        assertTop(store, "espresso coffee", "Espresso");
        assertTop(store, "an instrument with strings", "A violin");
    }

    @Test
    void callHonoursRequestOptions() {
        DistilBertJEmbeddingModel model = new DistilBertJEmbeddingModel(encoder, "all-MiniLM-L6-v2", null);
        List<String> texts = List.of("The cat sat on the mat.", "Stocks fell sharply today.", "ok");
        EmbeddingResponse full = model.call(new EmbeddingRequest(texts, null));
        assertEquals(3, full.getResults().size());
        assertEquals("all-MiniLM-L6-v2", full.getMetadata().getModel());
        int tokens = texts.stream().mapToInt(t -> encoder.tokenizer().encode(t).length()).sum();
        assertEquals(tokens, full.getMetadata().getUsage().getPromptTokens());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(i, full.getResults().get(i).getIndex());
            assertArrayEquals(encoder.embed(texts.get(i)), full.getResults().get(i).getOutput(), 1e-5f);
        }
        EmbeddingResponse cut = model.call(new EmbeddingRequest(texts, EmbeddingOptions.builder().dimensions(32).build()));
        float[] v = cut.getResults().get(1).getOutput();
        assertArrayEquals(Matryoshka.truncate(full.getResults().get(1).getOutput(), 32), v, 1e-6f);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> model.call(new EmbeddingRequest(texts, EmbeddingOptions.builder().dimensions(1000).build())));
        assertTrue(bad.getMessage().contains("between 1 and 384"), bad.getMessage());
        assertEquals(384, model.dimensions());
        assertEquals(384, model.embed("hello").length);
    }

    private static void assertTop(SimpleVectorStore store, String question, String expectedStart) {
        List<Document> found = store.similaritySearch(SearchRequest.builder().query(question).topK(1).build());
        String top = found.get(0).getText();
        assertTrue(top.startsWith(expectedStart), question + " -> " + top);
    }
}
