package io.github.distilbertj.api.scheduling;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code model} health component, part of the readiness group: UP once the model is loaded
 * (it is, when this bean exists) and its warm-up forward pass has run; OUT_OF_SERVICE before.
 */
public final class ModelReadinessIndicator implements HealthIndicator {

    private final BatchScheduler scheduler;
    private final ModelInfo model;

    public ModelReadinessIndicator(BatchScheduler scheduler, ModelInfo model) {
        this.scheduler = scheduler;
        this.model = model;
    }

    @Override
    public Health health() {
        Health.Builder b = scheduler.warmedUp() ? Health.up() : Health.outOfService();
        b.withDetail("model", model.modelId()).withDetail("warmedUp", scheduler.warmedUp())
                .withDetail("queueSize", scheduler.queueSize());
        if (scheduler.warmUpFailure() != null) {
            b.withDetail("warmUpFailure", String.valueOf(scheduler.warmUpFailure().getMessage()));
        }
        return b.build();
    }
}
