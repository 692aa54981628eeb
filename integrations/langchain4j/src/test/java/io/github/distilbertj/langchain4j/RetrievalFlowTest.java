package io.github.distilbertj.langchain4j;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.IngestionResult;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.github.distilbertj.model.Encoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LangChain4j's own RAG flow (ingest into InMemoryEmbeddingStore, retrieve) on the built-in all-MiniLM-L6-v2. */
class RetrievalFlowTest {

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
    void ingestedFactsAnswerQuestions() {
        DistilBertJEmbeddingModel model = new DistilBertJEmbeddingModel(encoder, "all-MiniLM-L6-v2", null);
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        IngestionResult result = EmbeddingStoreIngestor.builder()
                .embeddingModel(model)
                .embeddingStore(store)
                .build()
                .ingest(FACTS.stream().map(Document::from).toList());
        assertTrue(result.tokenUsage().inputTokenCount() > FACTS.size() * 5, "token usage is reported");

        EmbeddingStoreContentRetriever retriever = EmbeddingStoreContentRetriever.builder()
                .embeddingStore(store).embeddingModel(model).maxResults(2).build();
        assertTop(retriever, "Which is the tallest mountain in the world?", "Mount Everest");
        assertTop(retriever, "How do plants make food from light?", "Photosynthesis");
        assertTop(retriever, "What is the largest planet?", "Jupiter");
        assertTop(retriever, "birds that cannot fly", "Penguins");
        assertTop(retriever, "a famous landmark in the French capital", "The Eiffel Tower");
    }

    @Test
    void matryoshkaStoreStillRetrieves() {
        // 128 of 384 components, re-normalised: the store holds the shorter vectors and retrieval still works.
        DistilBertJEmbeddingModel model = new DistilBertJEmbeddingModel(encoder, null, 128);
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        EmbeddingStoreIngestor.builder().embeddingModel(model).embeddingStore(store).build()
                .ingest(FACTS.stream().map(Document::from).toList());
        EmbeddingStoreContentRetriever retriever = EmbeddingStoreContentRetriever.builder()
                .embeddingStore(store).embeddingModel(model).maxResults(1).build();
        assertEquals(128, model.dimension());
        assertTop(retriever, "espresso coffee", "Espresso");
        assertTop(retriever, "an instrument with strings", "A violin");
    }

    private static void assertTop(EmbeddingStoreContentRetriever retriever, String question, String expectedStart) {
        List<Content> found = retriever.retrieve(Query.from(question));
        String top = found.get(0).textSegment().text();
        assertTrue(top.startsWith(expectedStart), question + " -> " + top);
    }
}
