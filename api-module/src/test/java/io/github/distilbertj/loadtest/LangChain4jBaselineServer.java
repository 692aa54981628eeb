package io.github.distilbertj.loadtest;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/**
 * The load test's baseline (not a test): LangChain4j's in-process all-MiniLM-L6-v2 on ONNX
 * Runtime behind the simplest Spring controller, answering TEI's POST /embed shape so the same
 * load script drives both servers. Each request embeds on its own Tomcat thread (no batching).
 * Started by api-module/load/run.sh; lives outside io.github.distilbertj.api so the server's
 * tests never pick it up.
 */
@SpringBootApplication
public class LangChain4jBaselineServer {

    public static void main(String[] args) {
        SpringApplication.run(LangChain4jBaselineServer.class, args);
    }

    @Bean
    EmbeddingModel embeddingModel() {
        return new AllMiniLmL6V2EmbeddingModel();
    }

    /** TEI's request body, the parts the load test sends. */
    public record EmbedRequest(Object inputs) {
    }

    @RestController
    static class EmbedController {
        private final EmbeddingModel model;

        EmbedController(EmbeddingModel model) {
            this.model = model;
        }

        @PostMapping("/embed")
        List<float[]> embed(@RequestBody EmbedRequest request) {
            List<String> texts = request.inputs() instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(request.inputs()));
            List<float[]> out = new ArrayList<>(texts.size());
            if (texts.size() == 1) {
                out.add(model.embed(texts.get(0)).content().vector());
            } else {
                model.embedAll(texts.stream().map(TextSegment::from).toList()).content()
                        .forEach(e -> out.add(e.vector()));
            }
            return out;
        }
    }
}
