package io.github.distilbertj.api;

import io.github.distilbertj.api.config.ModelPreloader;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The DistilBERT-J HTTP server. Run with
 * {@code java --add-modules jdk.incubator.vector -jar distilbertj-server.jar [--distilbertj.model=DIR]}.
 */
@SpringBootApplication
public class DistilBertJServer {

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            System.err.println("DistilBERT-J needs the Vector API: start the JVM with --add-modules jdk.incubator.vector"
                    + " (or export JDK_JAVA_OPTIONS='--add-modules jdk.incubator.vector').");
            System.exit(2);
        }
        SpringApplication app = new SpringApplication(DistilBertJServer.class);
        ModelPreloader preloader = new ModelPreloader();
        app.addListeners(preloader);
        app.addInitializers(preloader);
        app.run(args);
    }
}
