package io.github.distilbertj.spring.boot;

import io.github.distilbertj.langchain4j.DistilBertJScoringModel;
import io.github.distilbertj.model.Encoder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With {@code distilbertj.scoring-model} set and LangChain4j on the class path: a second encoder (the
 * cross-encoder, bean {@code distilbertjScoringEncoder}) and a LangChain4j {@code ScoringModel} on it.
 * Runs after {@link DistilBertJAutoConfiguration} so the embedding encoder stays the primary Encoder.
 */
@AutoConfiguration(after = DistilBertJAutoConfiguration.class)
@ConditionalOnClass(name = {"dev.langchain4j.model.scoring.ScoringModel",
        "io.github.distilbertj.langchain4j.DistilBertJScoringModel"})
@ConditionalOnProperty("distilbertj.scoring-model")
@EnableConfigurationProperties(DistilBertJProperties.class)
public class DistilBertJScoringAutoConfiguration {

    @Bean(destroyMethod = "close")
    public Encoder distilbertjScoringEncoder(DistilBertJProperties properties) {
        return DistilBertJAutoConfiguration.load("distilbertj.scoring-model", properties.scoringModel(),
                properties.effectiveThreads());
    }

    @Bean
    @ConditionalOnMissingBean(dev.langchain4j.model.scoring.ScoringModel.class)
    public DistilBertJScoringModel distilbertjScoringModel(@Qualifier("distilbertjScoringEncoder") Encoder encoder) {
        try {
            return new DistilBertJScoringModel(encoder);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("distilbertj.scoring-model: " + e.getMessage(), e);
        }
    }
}
