package io.github.distilbertj.api.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server (TEI's tei.v1 services, the standard health service and server reflection), owned by the
 * application context.
 * It starts with the context's lifecycles, after every singleton (the model included) exists, on
 * {@code distilbertj.grpc.port} at the HTTP server's address; it stops in the phase of the web server's graceful
 * shutdown, so after the drain ({@code lifecycle.Drain}, during which health answers NOT_SERVING and calls are
 * still served) and before the batching queue and the model close: new calls are refused, calls in progress
 * (open streams included) get until {@code spring.lifecycle.timeout-per-shutdown-phase} to end, then are
 * cancelled. A stopped server can start again (the test context cache stops and restarts contexts).
 */
public final class GrpcServer implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final GrpcSettings settings;
    private final InetAddress address;
    private final int maxInboundMessageBytes;
    private final List<BindableService> services;
    private final List<ServerInterceptor> interceptors;
    private final GrpcHealth health;
    private final ExecutorService executor;
    private final Duration shutdownTimeout;
    private volatile Server server;

    /**
     * @param address  where to listen; null = every interface (as Tomcat without {@code server.address})
     * @param executor runs the calls (virtual threads: a call blocks while its inputs are in the batching
     *                 queue); owned by this server from now on, closed by {@link #close}
     */
    public GrpcServer(GrpcSettings settings, InetAddress address, int maxInboundMessageBytes, List<BindableService> services,
                      List<ServerInterceptor> interceptors, GrpcHealth health, ExecutorService executor,
                      Duration shutdownTimeout) {
        this.settings = settings;
        this.address = address;
        this.maxInboundMessageBytes = maxInboundMessageBytes;
        this.services = List.copyOf(services);
        this.interceptors = List.copyOf(interceptors);
        this.health = health;
        this.executor = executor;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** The port listened on (the chosen one when configured as 0); -1 when not running. */
    public int port() {
        Server s = server;
        return s == null ? -1 : s.getPort();
    }

    @Override
    public void start() {
        if (!settings.enabled() || server != null) {
            return;
        }
        InetSocketAddress at = address == null ? new InetSocketAddress(settings.port())
                : new InetSocketAddress(address, settings.port());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(at).executor(executor)
                .maxInboundMessageSize(maxInboundMessageBytes)
                .addService(health.service());
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, interceptors));
        }
        // Server reflection, as TEI's server: grpcurl and other tools list and call the services without the .proto.
        builder.addService(ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), interceptors));
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new IllegalStateException("distilbertj.grpc.port=" + settings.port() + ": cannot listen on "
                    + at.getHostString() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        health.started();
        log.info("gRPC (tei.v1 Info, Embed, Predict, Rerank, Tokenize; grpc.health.v1; reflection) listening on {}:{}",
                at.getHostString(), server.getPort());
    }

    @Override
    public void stop(Runnable callback) {
        Server s = server;
        server = null;
        health.stopped();
        if (s == null) {
            callback.run();
            return;
        }
        s.shutdown();
        log.info("gRPC stopping: new calls refused, calls in progress get up to {} ms", shutdownTimeout.toMillis());
        Thread.ofPlatform().name("distilbertj-grpc-shutdown").start(() -> {
            try {
                if (!s.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.info("gRPC calls still open after {} ms: cancelled", shutdownTimeout.toMillis());
                    s.shutdownNow();
                    s.awaitTermination(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.shutdownNow();
                Thread.currentThread().interrupt();
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public void stop() {
        stop(() -> {
        });
    }

    /** Stops at once if still running, and closes the executor (the context's destruction, after the lifecycle stop). */
    @Override
    public void close() {
        Server s = server;
        server = null;
        if (s != null) {
            s.shutdownNow();
        }
        executor.close();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** With the web server's graceful shutdown: after the drain, before the model's beans are destroyed. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
    }
}
