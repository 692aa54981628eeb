package io.github.distilbertj.api.config;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #13, finding 5 (unsafe defaults): loopback unless told otherwise; the container image tells otherwise. */
class DefaultsTest {

    @Test
    void bindsLoopbackByDefaultAndTheImageExposesItself() throws Exception {
        Properties app = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
        assertThat(app.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(Files.readString(Path.of("..", "Dockerfile"))).contains("SERVER_ADDRESS=0.0.0.0");
        assertThat(Files.readString(Path.of("..", "docker-compose.yml"))).contains("SERVER_ADDRESS: \"0.0.0.0\"");
    }
}
