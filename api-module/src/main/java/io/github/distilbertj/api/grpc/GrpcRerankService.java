package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.grpc.tei.Rank;
import io.github.distilbertj.api.grpc.tei.RerankGrpc;
import io.github.distilbertj.api.grpc.tei.RerankRequest;
import io.github.distilbertj.api.grpc.tei.RerankResponse;
import io.github.distilbertj.api.grpc.tei.RerankStreamRequest;
import io.github.distilbertj.api.http.Routes;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * tei.v1.Rerank: POST /rerank. Rerank takes the query and its texts in one message; RerankStream (client
 * streaming, as tei.proto declares it) takes one (query, text) pair per message, indexes them in arrival order and
 * answers once, best first, when the client half-closes; {@code raw_scores} and {@code return_text} come from the
 * first message. FAILED_PRECONDITION unless the model is a one-label cross-encoder.
 */
final class GrpcRerankService extends RerankGrpc.RerankImplBase {

    /** Bytes of one Rank without its text in the answer, for the answer-size limit of a stream. */
    private static final int RANK_BYTES = 16;

    private final GrpcCalls calls;
    private final InferenceService service;

    GrpcRerankService(GrpcCalls calls) {
        this.calls = calls;
        this.service = calls.service();
    }

    @Override
    public void rerank(RerankRequest request, StreamObserver<RerankResponse> responses) {
        calls.unary(Routes.RERANK, request, responses, this::rerank);
    }

    private RerankResponse rerank(RerankRequest request) {
        long start = System.nanoTime();
        List<String> texts = request.getTextsList();
        long chars = 0;
        StringBuilder all = new StringBuilder();
        for (String t : texts) {
            chars += request.getQuery().length() + t.length();
            all.append(request.getQuery()).append(t);
        }
        List<Float> logits;
        try (Admission.Permit permit = calls.admitModel(Routes.RERANK, all.toString(), texts.size())) {
            logits = service.rerank(permit, request.getQuery(), texts, Requests.truncate(request.getTruncate()),
                    Requests.direction(request.getTruncationDirection()), Routes.RERANK);
        }
        List<Rank> ranks = new ArrayList<>(logits.size());
        for (int i = 0; i < logits.size(); i++) {
            ranks.add(rank(i, logits.get(i), request.getRawScores(), request.getReturnText() ? texts.get(i) : null));
        }
        return response(ranks, chars, start);
    }

    private static Rank rank(int index, float logit, boolean raw, String text) {
        if (Float.isNaN(logit)) {
            throw new ApiException(io.github.distilbertj.api.error.ErrorType.BACKEND, "score is NaN");
        }
        Rank.Builder r = Rank.newBuilder().setIndex(index).setScore(raw ? logit : (float) (1.0 / (1.0 + Math.exp(-logit))));
        if (text != null) {
            r.setText(text);
        }
        return r.build();
    }

    private static RerankResponse response(List<Rank> ranks, long chars, long start) {
        List<Rank> sorted = new ArrayList<>(ranks);
        sorted.sort(Comparator.comparingDouble(Rank::getScore).reversed());
        return RerankResponse.newBuilder().addAllRanks(sorted).setMetadata(Requests.metadata(chars, start)).build();
    }

    @Override
    public StreamObserver<RerankStreamRequest> rerankStream(StreamObserver<RerankResponse> responses) {
        return new PairStream((ServerCallStreamObserver<RerankResponse>) responses);
    }

    /**
     * The pairs of one RerankStream: scored concurrently, at most the stream window at once (the next message is
     * asked for when one is scored); the whole stream is one request in the meters.
     */
    private final class PairStream implements StreamObserver<RerankStreamRequest> {
        private final ServerCallStreamObserver<RerankResponse> out;
        private final long start = System.nanoTime();
        private final GrpcCalls.Call call = calls.begin(Routes.RERANK);
        private final ReentrantLock lock = new ReentrantLock();
        private final List<CompletableFuture<Rank>> ranks = new ArrayList<>();
        private boolean raw;
        private boolean returnText;
        private long chars;
        private long answerBytes;
        private boolean finished;

        PairStream(ServerCallStreamObserver<RerankResponse> out) {
            this.out = out;
            out.disableAutoRequest();
            out.setOnCancelHandler(this::cancel);
            out.request(calls.streamWindow());
        }

        @Override
        public void onNext(RerankStreamRequest pair) {
            lock.lock();
            try {
                if (finished) {
                    return;
                }
                int index = ranks.size();
                if (index == 0) {
                    raw = pair.getRawScores();
                    returnText = pair.getReturnText();
                }
                chars += pair.getQuery().length() + pair.getText().length();
                answerBytes += RANK_BYTES + (returnText ? GrpcCalls.utf8Length(pair.getText()) : 0);
                long limit = service.admission().limits().maxResponseBytes();
                if (answerBytes > limit) {
                    fail(GrpcErrors.of(ApiException.tooLarge("the answer would have about " + answerBytes
                            + " bytes, more than the limit of " + limit
                            + " bytes (distilbertj.max-response-size); send fewer or shorter texts")));
                    return;
                }
                boolean keepText = returnText;
                boolean rawScores = raw;
                CompletableFuture<Rank> rank = CompletableFuture.supplyAsync(() -> score(index, pair, rawScores, keepText),
                        calls.executor());
                ranks.add(rank);
                rank.whenComplete((r, e) -> {
                    if (e != null) {
                        fail(e instanceof CompletionException c ? c.getCause() : e);
                    } else {
                        out.request(1);
                    }
                });
            } finally {
                lock.unlock();
            }
        }

        private Rank score(int index, RerankStreamRequest pair, boolean rawScores, boolean keepText) {
            // Each pair is admitted as a request of its own, like a message of the other streams.
            try (Admission.Permit permit = calls.admitModel(Routes.RERANK, pair.getQuery() + pair.getText(), 1)) {
                float logit = service.rerank(permit, pair.getQuery(), List.of(pair.getText()),
                        Requests.truncate(pair.getTruncate()), Requests.direction(pair.getTruncationDirection()),
                        Routes.RERANK).get(0);
                return rank(index, logit, rawScores, keepText ? pair.getText() : null);
            }
        }

        @Override
        public void onError(Throwable t) {
            cancel();
        }

        @Override
        public void onCompleted() {
            List<CompletableFuture<Rank>> all;
            lock.lock();
            try {
                if (finished) {
                    return;
                }
                all = List.copyOf(ranks);
            } finally {
                lock.unlock();
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                if (e != null) {
                    return; // the failed pair has ended the stream
                }
                if (all.isEmpty()) {
                    fail(ApiException.validation("`texts` cannot be empty"));
                    return;
                }
                RerankResponse response;
                try {
                    response = response(all.stream().map(CompletableFuture::join).toList(), chars, start);
                } catch (RuntimeException failure) {
                    fail(failure);
                    return;
                }
                finish(response, null);
            });
        }

        /** Ends the stream with the error of its first failed pair (the stream's one request in the meters). */
        private void fail(Throwable e) {
            lock.lock();
            try {
                if (finished) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            finish(null, call.failed(e));
        }

        private void finish(RerankResponse response, StatusRuntimeException error) {
            lock.lock();
            try {
                if (finished) {
                    return;
                }
                finished = true;
                if (error != null) {
                    ranks.forEach(f -> f.cancel(false));
                    out.onError(error);
                } else {
                    call.succeeded();
                    out.onNext(response);
                    out.onCompleted();
                }
            } finally {
                lock.unlock();
            }
        }

        private void cancel() {
            lock.lock();
            try {
                // A client that gave up is neither a success nor an error of the server: no outcome is counted.
                finished = true;
                ranks.forEach(f -> f.cancel(false));
            } finally {
                lock.unlock();
            }
        }
    }
}
