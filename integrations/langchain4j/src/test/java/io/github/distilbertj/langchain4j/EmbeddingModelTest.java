package io.github.distilbertj.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Matryoshka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingModelTest {

    static Encoder encoder;
    static DistilBertJEmbeddingModel model;

    @BeforeAll
    static void load() {
        encoder = Encoder.builtin(2);
        model = new DistilBertJEmbeddingModel(encoder, "all-MiniLM-L6-v2", null);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void embedAllMatchesOneTextAtATimeInOrder() {
        List<String> texts = List.of("short", "a somewhat longer sentence about the weather in spring",
                "Dogs bark.", "x ".repeat(40));
        Response<List<Embedding>> all = model.embedAll(texts.stream().map(TextSegment::from).toList());
        assertEquals(texts.size(), all.content().size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(encoder.embed(texts.get(i)), all.content().get(i).vector(), 1e-5f, texts.get(i));
        }
        int tokens = 0;
        for (String t : texts) {
            tokens += encoder.tokenizer().encode(t).length();
        }
        assertEquals(tokens, all.tokenUsage().inputTokenCount());
        assertEquals(384, model.dimension());
        assertEquals("all-MiniLM-L6-v2", model.modelName());
    }

    @Test
    void textsPastLangChain4jsCutOf128TokensAreEmbeddedWhole() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            words.add(i < 120 ? "river" : "galaxy");
        }
        String text = String.join(" ", words);
        String first126 = String.join(" ", words.subList(0, 126));
        float[] whole = model.embed(text).content().vector();
        float[] cut = model.embed(first126).content().vector();
        assertTrue(dot(whole, cut) < 0.9, "the tokens past 128 change the embedding: cos = " + dot(whole, cut));
    }

    @Test
    void requestDimensionsCutAndRenormalise() {
        EmbeddingResponse response = model.embed(EmbeddingRequest.builder()
                .inputs("The cat sat on the mat.", "Stocks fell sharply.").dimensions(64).build());
        float[] full = encoder.embed("The cat sat on the mat.");
        float[] v = response.embeddings().get(0).vector();
        assertEquals(64, v.length);
        assertArrayEquals(Matryoshka.truncate(full, 64), v, 1e-6f);
        assertEquals(1.0, dot(v, v), 1e-5);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> model.embed(EmbeddingRequest.builder().input("x").dimensions(385).build()));
        assertTrue(tooMany.getMessage().contains("between 1 and 384"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DistilBertJEmbeddingModel(encoder, null, 0));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
