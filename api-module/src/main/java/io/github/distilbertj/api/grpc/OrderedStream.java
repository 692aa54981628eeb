package io.github.distilbertj.api.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A bidirectional stream whose messages are worked on concurrently (so that they share batches with each other
 * and with other requests) and answered in the order they came, with bounded memory: the stream asks gRPC for
 * {@code window} messages, and for one more only when an answer has been handed to a client that is ready for
 * it. A slow reader therefore stops the stream from reading, instead of answers piling up. The first failed
 * message ends the stream with its status, after the answers of the messages before it.
 */
final class OrderedStream<Req, Res> implements StreamObserver<Req> {

    private final ServerCallStreamObserver<Res> out;
    private final Executor executor;
    private final Function<Req, Res> handler;
    private final ReentrantLock lock = new ReentrantLock();
    /** Answers in message order, done or not. */
    private final ArrayDeque<CompletableFuture<Res>> pending = new ArrayDeque<>();
    private boolean halfClosed;
    private boolean finished;

    private OrderedStream(ServerCallStreamObserver<Res> out, Executor executor, Function<Req, Res> handler) {
        this.out = out;
        this.executor = executor;
        this.handler = handler;
    }

    /** Call from the service method (before it returns): flow control must be taken over before the first message. */
    static <Req, Res> StreamObserver<Req> start(StreamObserver<Res> responses, int window, Executor executor,
                                              Function<Req, Res> handler) {
        ServerCallStreamObserver<Res> out = (ServerCallStreamObserver<Res>) responses;
        OrderedStream<Req, Res> stream = new OrderedStream<>(out, executor, handler);
        out.disableAutoRequest();
        out.setOnReadyHandler(stream::drain);
        out.setOnCancelHandler(stream::cancel);
        out.request(window);
        return stream;
    }

    @Override
    public void onNext(Req request) {
        CompletableFuture<Res> answer;
        lock.lock();
        try {
            if (finished) {
                return;
            }
            answer = CompletableFuture.supplyAsync(() -> handler.apply(request), executor);
            pending.add(answer);
        } finally {
            lock.unlock();
        }
        answer.whenComplete((r, e) -> drain());
    }

    @Override
    public void onError(Throwable t) {
        cancel();
    }

    @Override
    public void onCompleted() {
        lock.lock();
        try {
            halfClosed = true;
        } finally {
            lock.unlock();
        }
        drain();
    }

    /** Sends the answers that are done, in order, while the client takes them. */
    private void drain() {
        lock.lock();
        try {
            while (!finished && !pending.isEmpty() && pending.peek().isDone()) {
                CompletableFuture<Res> head = pending.peek();
                if (head.isCompletedExceptionally()) {
                    finished = true;
                    pending.forEach(f -> f.cancel(false));
                    pending.clear();
                    out.onError(status(head));
                    return;
                }
                if (!out.isReady()) {
                    return; // the on-ready handler drains again
                }
                pending.poll();
                out.onNext(head.join());
                out.request(1);
            }
            if (!finished && halfClosed && pending.isEmpty()) {
                finished = true;
                out.onCompleted();
            }
        } finally {
            lock.unlock();
        }
    }

    private void cancel() {
        lock.lock();
        try {
            finished = true;
            pending.forEach(f -> f.cancel(false));
            pending.clear();
        } finally {
            lock.unlock();
        }
    }

    private static StatusRuntimeException status(CompletableFuture<?> failed) {
        try {
            failed.join();
            throw new IllegalStateException("not failed");
        } catch (CompletionException e) {
            return e.getCause() instanceof StatusRuntimeException s ? s
                    : Status.INTERNAL.withDescription("internal error").asRuntimeException();
        }
    }
}
