package io.github.distilbertj.api.grpc;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The standard gRPC health service ({@code grpc.health.v1.Health}) with the meaning of TEI's {@code /health}:
 * SERVING once the model has run its warm-up pass, NOT_SERVING before, and again from the moment readiness turns
 * REFUSING_TRAFFIC (the drain that starts shutdown, see {@code lifecycle.Drain}) while calls are still served.
 * The same status is given for the server ("") and each tei.v1 service.
 */
public final class GrpcHealth implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    /** How often the status is checked until the warm-up pass has run (start-up only). */
    private static final Duration WARM_UP_POLL = Duration.ofMillis(20);

    private final HealthStatusManager manager = new HealthStatusManager();
    private final BooleanSupplier warmedUp;
    private final BooleanSupplier warmUpFailed;
    private volatile boolean serving;
    private volatile boolean refusing;

    /**
     * @param warmedUp     true once the model has run its warm-up pass ({@code BatchScheduler::warmedUp})
     * @param warmUpFailed true if that pass failed (the status then stays NOT_SERVING, as readiness stays DOWN)
     */
    public GrpcHealth(BooleanSupplier warmedUp, BooleanSupplier warmUpFailed) {
        this.warmedUp = warmedUp;
        this.warmUpFailed = warmUpFailed;
        update();
    }

    BindableService service() {
        return manager.getHealthService();
    }

    /** The gRPC server listens: SERVING as soon as the model is warm (watched on a virtual thread until then). */
    void started() {
        serving = true;
        update();
        if (!warmedUp.getAsBoolean()) {
            Thread.ofVirtual().name("distilbertj-grpc-health").start(() -> {
                while (serving && !warmedUp.getAsBoolean() && !warmUpFailed.getAsBoolean()) {
                    try {
                        Thread.sleep(WARM_UP_POLL);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                update();
            });
        }
    }

    void stopped() {
        serving = false;
        update();
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        refusing = event.getState() == ReadinessState.REFUSING_TRAFFIC;
        update();
    }

    private synchronized void update() {
        ServingStatus status = serving && !refusing && warmedUp.getAsBoolean() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        manager.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        for (String service : GrpcRoutes.SERVICES) {
            manager.setStatus(service, status);
        }
    }
}
