package io.github.distilbertj.spring.boot;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Matryoshka;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An {@link Encoder} bean from {@code distilbertj.*} (closed with the context), and on it a Spring AI
 * {@code EmbeddingModel} and a LangChain4j {@code EmbeddingModel} when those frameworks are on the class
 * path. Each bean backs off when the application defines its own of that type.
 */
@AutoConfiguration
@EnableConfigurationProperties(DistilBertJProperties.class)
public class DistilBertJAutoConfiguration {

    @Bean(destroyMethod = "close")
    @Primary
    @ConditionalOnMissingBean(Encoder.class)
    public Encoder distilbertjEncoder(DistilBertJProperties properties) {
        Encoder encoder = properties.model() == null
                ? Encoder.builtin(properties.effectiveThreads())
                : load("distilbertj.model", properties.model(), properties.effectiveThreads());
        if (properties.dimensions() != null) {
            try {
                Matryoshka.check(properties.dimensions(), encoder.config().hiddenSize());
            } catch (IllegalArgumentException e) {
                encoder.close();
                throw new IllegalStateException("distilbertj.dimensions: " + e.getMessage(), e);
            }
        }
        return encoder;
    }

    static Encoder load(String property, Path folder, int threads) {
        try {
            return Encoder.load(folder, threads);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(property + "=" + folder + ": cannot load the model: " + e, e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.ai.embedding.EmbeddingModel",
            "io.github.distilbertj.springai.DistilBertJEmbeddingModel"})
    static class SpringAi {
        @Bean
        @ConditionalOnMissingBean(org.springframework.ai.embedding.EmbeddingModel.class)
        io.github.distilbertj.springai.DistilBertJEmbeddingModel distilbertjSpringAiEmbeddingModel(
                Encoder encoder, DistilBertJProperties properties) {
            return new io.github.distilbertj.springai.DistilBertJEmbeddingModel(
                    encoder, properties.effectiveModelId(), properties.dimensions());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.langchain4j.model.embedding.EmbeddingModel",
            "io.github.distilbertj.langchain4j.DistilBertJEmbeddingModel"})
    static class LangChain4j {
        @Bean
        @ConditionalOnMissingBean(dev.langchain4j.model.embedding.EmbeddingModel.class)
        io.github.distilbertj.langchain4j.DistilBertJEmbeddingModel distilbertjLangChain4jEmbeddingModel(
                Encoder encoder, DistilBertJProperties properties) {
            return new io.github.distilbertj.langchain4j.DistilBertJEmbeddingModel(
                    encoder, properties.effectiveModelId(), properties.dimensions());
        }
    }
}
