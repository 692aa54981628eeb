package io.github.distilbertj.api.config;

import io.github.distilbertj.api.scheduling.EncoderBackend;
import io.github.distilbertj.api.scheduling.InferenceBackend;
import io.github.distilbertj.api.scheduling.Warmup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts loading the model as soon as the configuration is known, on its own thread, so that
 * reading and packing the weights (and the JIT warm-up of the kernels) overlap Spring's start-up instead
 * of following it.
 * {@link ServerConfiguration} takes the result if the settings it binds ask for the same model,
 * and loads synchronously otherwise (as in tests, which start without this preloader).
 */
public final class ModelPreloader implements ApplicationListener<ApplicationEnvironmentPreparedEvent>,
        ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(ModelPreloader.class);

    /**
     * A model load started before the application context. Its warm-up passes go on only until
     * the context asks for the model ({@link #take}): from then on the model is what start-up waits for.
     */
    record Preloaded(ServerSettings settings, CompletableFuture<InferenceBackend> backend, AtomicBoolean wanted) {

        /** Stops the warm-up after its current pass and waits for the model. */
        InferenceBackend take() {
            wanted.set(true);
            return backend.join();
        }

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
        AtomicBoolean wanted = new AtomicBoolean();
        Thread.ofPlatform().name("distilbertj-model-load").start(() -> {
            try {
                long start = System.nanoTime();
                InferenceBackend backend = EncoderBackend.load(settings.model(), settings.modelId(),
                        settings.effectiveThreads());
                long loaded = System.nanoTime();
                int passes = Warmup.run(backend, Warmup.PRELOAD_BUDGET_NANOS, wanted::get);
                log.info("model loaded in {} ms, then {} warm-up pass(es) in {} ms",
                        (loaded - start) / 1_000_000, passes, (System.nanoTime() - loaded) / 1_000_000);
                future.complete(backend);
            } catch (IOException e) {
                future.completeExceptionally(new UncheckedIOException(
                        "cannot load the model " + settings.model() + ": " + e.getMessage(), e));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        });
        preloaded = new Preloaded(settings, future, wanted);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (preloaded != null) {
            context.getBeanFactory().registerSingleton("preloadedModel", preloaded);
        }
    }
}
