package io.github.distilbertj.api.reliability;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13, finding 4: SIGTERM while 16 clients send requests on kept-alive connections. Every
 * request the server accepted is answered: /health turns 503 first, answers during the drain carry
 * {@code Connection: close} (so no client reuses a connection the server is about to close), new
 * connections are refused only after the grace, and no request is left without an answer.
 */
class ShutdownIT {

    private static final int CLIENTS = 16;
    private static final long GRACE_MILLIS = 2000;
    private static final byte[] EMBED = RawHttp.postJson("/embed", "{\"inputs\": [\"Draining must answer me.\","
            + " \"And me, on the same connection.\"]}");

    @Test
    void sigtermDuringKeptAliveTrafficLeavesNoRequestUnanswered() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger closingAnswers = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> healthSeen = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong listenerMayCloseNanos = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger resetAtClose = new AtomicInteger();
        try (ServerProcess server = ServerProcess.start("shutdown", List.of("-Xmx1g"),
                List.of("--distilbertj.drain-grace=" + GRACE_MILLIS + "ms"))) {
            int port = server.port();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    RawHttp conn = null;
                    while (!stop.get()) {
                        try {
                            conn = new RawHttp(port, 60_000);
                        } catch (IOException e) {
                            // ConnectException: the listener is closed, the server is going away.
                            refused.incrementAndGet();
                            if (e instanceof ConnectException) {
                                return;
                            }
                            continue;
                        }
                        try (RawHttp open = conn) {
                            while (!stop.get()) {
                                int before = open.answered();
                                try {
                                    open.send(EMBED);
                                } catch (IOException e) {
                                    if (before == 0 && System.nanoTime() >= listenerMayCloseNanos.get()) {
                                        resetAtClose.incrementAndGet();
                                    } else {
                                        unanswered.add("send failed on a connection with " + before + " answers: " + e);
                                    }
                                    break;
                                }
                                RawHttp.Answer a;
                                try {
                                    a = open.read();
                                } catch (IOException e) {
                                    if (before == 0 && System.nanoTime() >= listenerMayCloseNanos.get()) {
                                        // Connected into the kernel's backlog just as the listener closed: the
                                        // server never accepted it (TCP resets a closed listener's queue).
                                        resetAtClose.incrementAndGet();
                                    } else {
                                        unanswered.add("no answer on a connection with " + before + " answers: " + e);
                                    }
                                    break;
                                }
                                answered.incrementAndGet();
                                if (a.closes()) {
                                    closingAnswers.incrementAndGet();
                                    break;
                                }
                            }
                        } catch (IOException ignored) {
                            // close
                        }
                    }
                }));
            }
            Thread health = Thread.ofVirtual().start(() -> {
                String last = "";
                while (!stop.get()) {
                    String seen;
                    try (RawHttp c = new RawHttp(port, 10_000)) {
                        seen = Integer.toString(c.exchange(RawHttp.request("GET", "/health", null, null)).status());
                    } catch (IOException e) {
                        seen = "refused";
                    }
                    if (!seen.equals(last)) {
                        healthSeen.add(seen);
                        last = seen;
                    }
                    if (seen.equals("refused")) {
                        return;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            // Traffic first (every client answered on a kept-alive connection), however slow a busy machine is.
            long trafficDeadline = System.nanoTime() + 60_000_000_000L;
            while (answered.get() < 2 * CLIENTS && System.nanoTime() < trafficDeadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            int beforeSigterm = answered.get();
            listenerMayCloseNanos.set(System.nanoTime() + GRACE_MILLIS * 900_000L);
            server.terminate();
            assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("server exits after SIGTERM").isTrue();
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
            health.join(10_000);
            System.out.printf("shutdown: %d answered (%d before SIGTERM), %d answers with Connection: close,"
                            + " %d connects refused, %d fresh connections reset at the listener's close, health %s,"
                            + " unanswered %s%n", answered.get(), beforeSigterm, closingAnswers.get(), refused.get(),
                    resetAtClose.get(), healthSeen, unanswered);
            assertThat(beforeSigterm).isPositive();
            assertThat(unanswered).as("requests without an answer").isEmpty();
            assertThat(List.copyOf(healthSeen)).as("/health: 200, then 503 while draining, then refused")
                    .containsSubsequence("200", "503", "refused");
            assertThat(closingAnswers.get()).as("answers that closed their kept-alive connection").isPositive();
            assertThat(server.log()).contains("draining").doesNotContain(" ERROR ");
        }
    }
}
