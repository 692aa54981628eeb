package io.github.distilbertj.api;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * Starts loading the model as soon as the configuration is known, on its own thread, so that
 * reading and packing the weights (and the JIT warm-up of the kernels) overlap Spring's start-up instead
 * of following it.
 * {@link ServerConfiguration} takes the result if the settings it binds ask for the same model,
 * and loads synchronously otherwise (as in tests, which start without this preloader).
 */
final class ModelPreloader implements ApplicationListener<ApplicationEnvironmentPreparedEvent>,
        ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** A model load started before the application context. */
    record Preloaded(ServerSettings settings, CompletableFuture<InferenceBackend> backend) {

        boolean matches(ServerSettings s) {
            return java.util.Objects.equals(settings.model(), s.model())
                    && java.util.Objects.equals(settings.modelId(), s.modelId())
                    && settings.effectiveThreads() == s.effectiveThreads();
        }
    }

    private volatile Preloaded preloaded;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ServerSettings settings = Binder.get(event.getEnvironment()).bindOrCreate("distilbertj", ServerSettings.class);
        CompletableFuture<InferenceBackend> future = new CompletableFuture<>();
        Thread.ofPlatform().name("distilbertj-model-load").start(() -> {
            try {
                InferenceBackend backend = EncoderBackend.load(settings.model(), settings.modelId(),
                        settings.effectiveThreads());
                Warmup.run(backend, Warmup.PRELOAD_BUDGET_NANOS);
                future.complete(backend);
            } catch (IOException e) {
                future.completeExceptionally(new UncheckedIOException(
                        "cannot load the model " + settings.model() + ": " + e.getMessage(), e));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        });
        preloaded = new Preloaded(settings, future);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (preloaded != null) {
            context.getBeanFactory().registerSingleton("preloadedModel", preloaded);
        }
    }
}
