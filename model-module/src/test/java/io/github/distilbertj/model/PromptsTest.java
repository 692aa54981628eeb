package io.github.distilbertj.model;

import io.github.distilbertj.model.reference.CatalogueModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sentence-transformers prompts: config_sentence_transformers.json and {@link Encoder#embed(List, String)}. */
class PromptsTest {

    @TempDir
    Path dir;

    private Path folderWithPrompts(String json) throws IOException {
        Path folder = dir.resolve("model");
        Files.createDirectories(folder);
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt")) {
            Files.copy(Fixtures.folder("bert-tiny").resolve(f), folder.resolve(f));
        }
        Files.writeString(folder.resolve("config_sentence_transformers.json"), json);
        return folder;
    }

    @Test
    void namedAndDefaultPromptsArePutBeforeTheTexts() throws IOException {
        Path folder = folderWithPrompts("""
                {"__version__": {"sentence_transformers": "3.0.1"},
                 "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": "passage"}""");
        try (Encoder encoder = Encoder.load(folder, 1)) {
            assertEquals(new Prompts(Map.of("query", "query: ", "passage", "passage: "), "passage"), encoder.prompts());
            List<String> texts = List.of("a cat", "two dogs");
            assertArrayEquals(encoder.embed(List.of("query: a cat", "query: two dogs")), encoder.embed(texts, "query"));
            assertArrayEquals(encoder.embed(List.of("passage: a cat", "passage: two dogs")), encoder.embed(texts, null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.embed(texts, "title"));
            assertTrue(e.getMessage().contains("title") && e.getMessage().contains("query"), e.getMessage());
        }
    }

    @Test
    void withoutTheFileOrADefaultTextsAreEmbeddedAsGiven() throws IOException {
        try (Encoder encoder = Encoder.load(Fixtures.folder("bert-tiny"), 1)) {
            assertEquals(Prompts.NONE, encoder.prompts());
            assertArrayEquals(encoder.embed(List.of("a cat")), encoder.embed(List.of("a cat"), null));
            assertThrows(IllegalArgumentException.class, () -> encoder.embed(List.of("a cat"), "query"));
        }
        Prompts noDefault = new Prompts(Map.of("query", "q: "), null);
        assertEquals(List.of("x"), noDefault.apply(List.of("x"), null));
        assertEquals(List.of("q: x"), noDefault.apply(List.of("x"), "query"));
    }

    @Test
    void aDefaultThatIsNotAPromptIsRejected() throws IOException {
        Path folder = folderWithPrompts("{\"prompts\": {\"query\": \"query: \"}, \"default_prompt_name\": \"passage\"}");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Encoder.load(folder, 1));
        assertTrue(e.getMessage().contains("config_sentence_transformers.json") && e.getMessage().contains("passage"),
                e.getMessage());
    }

    @Test
    void catalogueModelsCarryTheirOriginalPrompts() {
        assertEquals(Map.of("query", "query: ", "passage", "passage: "), CatalogueModel.E5_SMALL_V2.prompts());
        assertEquals("Represent this sentence for searching relevant passages: ",
                CatalogueModel.BGE_SMALL_EN_V1_5.prompts().get("query"));
    }
}
