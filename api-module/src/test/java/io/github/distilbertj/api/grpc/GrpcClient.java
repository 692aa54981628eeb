package io.github.distilbertj.api.grpc;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real grpc-java client over loopback (plaintext HTTP/2), for the tests. */
final class GrpcClient implements AutoCloseable {

    final ManagedChannel channel;

    GrpcClient(int port) {
        this(port, null);
    }

    GrpcClient(int port, String apiKey) {
        ManagedChannelBuilder<?> b = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
        if (apiKey != null) {
            Metadata headers = new Metadata();
            headers.put(ApiKeyInterceptor.AUTHORIZATION, "Bearer " + apiKey);
            b.intercept(new ClientInterceptor[] {MetadataUtils.newAttachHeadersInterceptor(headers)});
        }
        channel = b.build();
    }

    /** What a stream answered: the answers in order, and the status it ended with (OK when completed). */
    record Streamed<T>(List<T> answers, Status status) {
    }

    /** Sends every request on a new stream of {@code call}, half-closes, and waits (30 s at most) for the end. */
    static <Q, R> Streamed<R> stream(Function<StreamObserver<R>, StreamObserver<Q>> call, List<Q> requests)
            throws InterruptedException {
        List<R> answers = Collections.synchronizedList(new ArrayList<>());
        Status[] end = new Status[1];
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<Q> out = call.apply(new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                end[0] = Status.fromThrowable(t);
                done.countDown();
            }

            @Override
            public void onCompleted() {
                end[0] = Status.OK;
                done.countDown();
            }
        });
        for (Q q : requests) {
            out.onNext(q);
        }
        out.onCompleted();
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("stream not ended after 30 s; " + answers.size() + " answers");
        }
        return new Streamed<>(List.copyOf(answers), end[0]);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
