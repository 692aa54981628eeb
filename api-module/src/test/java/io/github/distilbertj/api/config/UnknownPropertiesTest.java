package io.github.distilbertj.api.config;

import io.github.distilbertj.api.DistilBertJServer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #13, finding 6: a misspelt or not (yet) existing distilbertj.* property stops start-up. */
class UnknownPropertiesTest {

    /** Another settings record under distilbertj, as a later feature adds one. */
    record GrpcSettings(int port, Map<String, String> options) {
    }

    private static UnknownPropertiesCheck.Known known() {
        UnknownPropertiesCheck.Known known = new UnknownPropertiesCheck.Known();
        known.collect("distilbertj", ServerSettings.class);
        known.collect("distilbertj.grpc", GrpcSettings.class);
        return known;
    }

    private static void check(PropertySource<?> source) {
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.from(source);
        UnknownPropertiesCheck.check(sources, known());
    }

    @Test
    void everySpellingOfAKnownPropertyPasses() {
        assertThatCode(() -> check(new MapPropertySource("args", Map.of("distilbertj.max-batch-tokens", "1",
                "distilbertj.maxClientBatchSize", "2", "distilbertj.grpc.port", "9", "distilbertj.grpc.options.x", "y"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(new SystemEnvironmentPropertySource("systemEnvironment", Map.of("DISTILBERTJ_MAX_BATCH_TOKENS", "1",
                "DISTILBERTJ_API_KEY", "k", "PATH", "/bin")))).doesNotThrowAnyException();
        // -Ddistilbertj.vector.bits=256 tunes the kernels, not the server.
        assertThatCode(() -> check(new MapPropertySource("systemProperties", Map.of("distilbertj.vector.bits", "256"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aTypoNamesItselfAndTheValidProperties() {
        assertThatThrownBy(() -> check(new MapPropertySource("args", Map.of("distilbertj.max-batch-tokns", "1"))))
                .isInstanceOf(UnknownPropertyException.class)
                .hasMessageContaining("unknown property distilbertj.max-batch-tokns")
                .hasMessageContaining("distilbertj.max-batch-tokens, ")
                .hasMessageContaining("distilbertj.grpc.port");
        assertThatThrownBy(() -> check(new SystemEnvironmentPropertySource("systemEnvironment", Map.of("DISTILBERTJ_PRECISION", "bf16"))))
                .hasMessageContaining("distilbertj.precision")
                .hasMessageContaining("distilbertj.weights");
    }

    @Test
    void startUpStopsOnAnUnknownProperty() {
        for (String typo : List.of("--distilbertj.weight-format=bf16", "--distilbertj.max-batch-tokns=1")) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(DistilBertJServer.class)
                    .run(typo, "--server.port=0", "--spring.main.banner-mode=off",
                            "--distilbertj.model=" + System.getProperty("fixtures.dir") + "/distilbert-tiny-noprefix").close())
                    .as(typo).isInstanceOf(UnknownPropertyException.class)
                    .hasMessageContaining(typo.substring(2, typo.indexOf('=')))
                    .hasMessageContaining("distilbertj.max-concurrent-tokens");
        }
    }
}
