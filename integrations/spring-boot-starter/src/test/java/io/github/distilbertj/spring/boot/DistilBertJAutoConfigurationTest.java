package io.github.distilbertj.spring.boot;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.scoring.ScoringModel;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.RandomModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DistilBertJAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DistilBertJAutoConfiguration.class,
                    DistilBertJScoringAutoConfiguration.class))
            .withPropertyValues("distilbertj.threads=1");

    @TempDir
    Path dir;

    @Test
    void builtinEncoderAndBothAdaptersWithPropertiesApplied() {
        AtomicReference<Encoder> encoder = new AtomicReference<>();
        runner.withPropertyValues("distilbertj.dimensions=128").run(context -> {
            assertThat(context).hasNotFailed();
            encoder.set(context.getBean(Encoder.class));
            org.springframework.ai.embedding.EmbeddingModel springAi =
                    context.getBean(org.springframework.ai.embedding.EmbeddingModel.class);
            dev.langchain4j.model.embedding.EmbeddingModel lc4j =
                    context.getBean(dev.langchain4j.model.embedding.EmbeddingModel.class);
            assertThat(springAi.dimensions()).isEqualTo(128);
            assertThat(springAi.embed("A cat sat on the mat.")).hasSize(128);
            assertThat(lc4j.embed("A cat sat on the mat.").content().vector())
                    .containsExactly(springAi.embed("A cat sat on the mat."), org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(lc4j.modelName()).isEqualTo("all-MiniLM-L6-v2");
            assertThat(context).doesNotHaveBean(ScoringModel.class);
        });
        // The context closed the encoder it made.
        assertThrows(IllegalStateException.class, () -> encoder.get().embed("after close"));
    }

    @Test
    void scoringModelFromACrossEncoderFolder() throws IOException {
        Path cross = RandomModels.distilBertClassifier(dir.resolve("cross"), 1, 3);
        runner.withPropertyValues("distilbertj.scoring-model=" + cross, "distilbertj.model-id=mini").run(context -> {
            assertThat(context).hasNotFailed();
            ScoringModel scoring = context.getBean(ScoringModel.class);
            List<Double> scores = scoring.scoreAll(List.of(TextSegment.from("a"), TextSegment.from("b c")), "q").content();
            assertThat(scores).hasSize(2).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
            assertThat(context.getBean(Encoder.class).config().hiddenSize()).isEqualTo(384);
            assertThat(context.getBean(dev.langchain4j.model.embedding.EmbeddingModel.class).modelName()).isEqualTo("mini");
        });
    }

    @Test
    void withoutSpringAiOnTheClassPathOnlyLangChain4jIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.ai")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(dev.langchain4j.model.embedding.EmbeddingModel.class);
            assertThat(context.getBeanNamesForType(Encoder.class)).containsExactly("distilbertjEncoder");
            assertThat(context).doesNotHaveBean("distilbertjSpringAiEmbeddingModel");
        });
    }

    @Test
    void badPropertiesStopStartUpNamingTheProperty() throws IOException {
        runner.withPropertyValues("distilbertj.model=" + dir.resolve("missing")).run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("missing"));
        runner.withPropertyValues("distilbertj.model=" + dir.resolve("missing")).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("distilbertj.model="));
        runner.withPropertyValues("distilbertj.threads=-1").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("distilbertj.threads must be between 0 and 1024, got -1"));
        runner.withPropertyValues("distilbertj.dimensions=1000").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("distilbertj.dimensions: dimensions must be between 1 and 384"));
        Path threeLabels = RandomModels.distilBertClassifier(dir.resolve("three"), 3, 1);
        runner.withPropertyValues("distilbertj.scoring-model=" + threeLabels).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("distilbertj.scoring-model: a scoring model needs a cross-encoder"));
    }
}
