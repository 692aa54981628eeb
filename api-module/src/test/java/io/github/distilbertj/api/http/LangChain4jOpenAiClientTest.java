package io.github.distilbertj.api.http;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Matryoshka;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** LangChain4j's own OpenAiEmbeddingModel, unmodified, pointed at this server's /v1. */
class LangChain4jOpenAiClientTest extends BuiltinModelTest {

    @Test
    void openAiEmbeddingModelGetsTheEncodersEmbeddings() {
        List<String> texts = List.of("What is Deep Learning?", "Hello", "A cat sat on the mat.");
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("unused").modelName("all-MiniLM-L6-v2").build();
        Response<List<Embedding>> all = model.embedAll(texts.stream().map(TextSegment::from).toList());
        OpenAiEmbeddingModel cut = OpenAiEmbeddingModel.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("unused").modelName("all-MiniLM-L6-v2")
                .dimensions(32).build();
        float[] short0 = cut.embed(texts.get(0)).content().vector();
        try (Encoder encoder = Encoder.builtin(1)) {
            int tokens = 0;
            for (int i = 0; i < texts.size(); i++) {
                assertThat(Http.maxAbsDiff(all.content().get(i).vector(), encoder.embed(texts.get(i)))).isLessThan(1e-5);
                tokens += encoder.tokenizer().encode(texts.get(i)).length();
            }
            assertThat(all.tokenUsage().inputTokenCount()).isEqualTo(tokens);
            assertThat(Http.maxAbsDiff(short0, Matryoshka.truncate(encoder.embed(texts.get(0)), 32))).isLessThan(1e-5);
        }
    }
}
