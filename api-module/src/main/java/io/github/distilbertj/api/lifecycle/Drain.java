package io.github.distilbertj.api.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * The first step of shutdown (SIGTERM closes the context; this lifecycle has the highest phase, so
 * it stops before the web server's graceful shutdown):
 * <ol>
 *   <li>readiness turns REFUSING_TRAFFIC and TEI's {@code /health} answers 503, so that load
 *       balancers take the instance out;</li>
 *   <li>for {@code distilbertj.drain-grace} requests are still accepted and served, new connections
 *       included, but every answer carries {@code Connection: close} ({@link DrainFilter}): a kept-alive
 *       connection ends after its next answer, so none is left open for a request the server would
 *       not read;</li>
 *   <li>then Spring Boot's graceful shutdown closes the listener (new connections are refused) and
 *       waits for the requests in progress, and only then are the model and its queue closed.</li>
 * </ol>
 * Spring Boot's graceful shutdown alone closes the listener at once and drops the requests that
 * kept-alive clients send on connections it then closes.
 */
public final class Drain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final Duration grace;
    private final ApplicationEventPublisher events;
    private volatile boolean running;
    private volatile boolean draining;

    public Drain(Duration grace, ApplicationEventPublisher events) {
        this.grace = grace;
        this.events = events;
    }

    /** True from the start of shutdown: answers close their connection and health is 503. */
    public boolean draining() {
        return draining;
    }

    /** Also a restart after a stop (Spring's test context cache stops contexts it does not use and restarts them). */
    @Override
    public void start() {
        if (draining) {
            draining = false;
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        running = true;
    }

    @Override
    public void stop() {
        draining = true;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        log.info("draining: readiness and /health answer 503, answers close their connections; listener closes in {} ms",
                grace.toMillis());
        try {
            Thread.sleep(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before every other lifecycle, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
