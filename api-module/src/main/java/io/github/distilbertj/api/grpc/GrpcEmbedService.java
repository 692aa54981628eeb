package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.grpc.tei.EmbedAllRequest;
import io.github.distilbertj.api.grpc.tei.EmbedAllResponse;
import io.github.distilbertj.api.grpc.tei.EmbedGrpc;
import io.github.distilbertj.api.grpc.tei.EmbedRequest;
import io.github.distilbertj.api.grpc.tei.EmbedResponse;
import io.github.distilbertj.api.grpc.tei.EmbedSparseRequest;
import io.github.distilbertj.api.grpc.tei.EmbedSparseResponse;
import io.github.distilbertj.api.grpc.tei.SparseValue;
import io.github.distilbertj.api.grpc.tei.TokenEmbedding;
import io.github.distilbertj.api.http.Routes;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.github.distilbertj.api.scheduling.Input;
import io.github.distilbertj.model.Matryoshka;
import io.grpc.stub.StreamObserver;

import java.util.Arrays;
import java.util.List;

/** tei.v1.Embed: the semantics of POST /embed, /embed_sparse and /embed_all for one input per message. */
final class GrpcEmbedService extends EmbedGrpc.EmbedImplBase {

    private final GrpcCalls calls;
    private final InferenceService service;

    GrpcEmbedService(GrpcCalls calls) {
        this.calls = calls;
        this.service = calls.service();
    }

    @Override
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> responses) {
        calls.unary(Routes.EMBED, request, responses, this::embed);
    }

    @Override
    public StreamObserver<EmbedRequest> embedStream(StreamObserver<EmbedResponse> responses) {
        return calls.stream(Routes.EMBED, responses, this::embed);
    }

    @Override
    public void embedSparse(EmbedSparseRequest request, StreamObserver<EmbedSparseResponse> responses) {
        calls.unary(Routes.EMBED_SPARSE, request, responses, this::embedSparse);
    }

    @Override
    public StreamObserver<EmbedSparseRequest> embedSparseStream(StreamObserver<EmbedSparseResponse> responses) {
        return calls.stream(Routes.EMBED_SPARSE, responses, this::embedSparse);
    }

    @Override
    public void embedAll(EmbedAllRequest request, StreamObserver<EmbedAllResponse> responses) {
        calls.unary(Routes.EMBED_ALL, request, responses, this::embedAll);
    }

    @Override
    public StreamObserver<EmbedAllRequest> embedAllStream(StreamObserver<EmbedAllResponse> responses) {
        return calls.stream(Routes.EMBED_ALL, responses, this::embedAll);
    }

    private EmbedResponse embed(EmbedRequest request) {
        long start = System.nanoTime();
        int hidden = service.model().hiddenSize();
        if (request.hasDimensions() && (request.getDimensions() < 1 || request.getDimensions() > hidden)) {
            throw ApiException.validation("`dimensions` must be between 1 and " + hidden + " ("
                    + service.model().modelId() + "'s embedding size), got " + Integer.toUnsignedString(request.getDimensions()));
        }
        boolean normalize = !request.hasNormalize() || request.getNormalize();
        List<Input> inputs = service.prompted(List.of(Input.text(request.getInputs())),
                request.hasPromptName() ? request.getPromptName() : null);
        float[] vector;
        try (Admission.Permit permit = calls.admitModel(Routes.EMBED, request.getInputs(), 1)) {
            vector = service.embed(permit, inputs, Requests.truncate(request.getTruncate()),
                    Requests.direction(request.getTruncationDirection()), normalize, Routes.EMBED).get(0);
        }
        if (request.hasDimensions() && request.getDimensions() != vector.length) {
            // Matryoshka, as /embed: cut, then normalise again when normalising.
            vector = normalize ? Matryoshka.truncate(vector, request.getDimensions())
                    : Arrays.copyOf(vector, request.getDimensions());
        }
        EmbedResponse.Builder b = EmbedResponse.newBuilder();
        for (float v : vector) {
            b.addEmbeddings(v);
        }
        return b.setMetadata(Requests.metadata(request.getInputs().length(), start)).build();
    }

    private EmbedSparseResponse embedSparse(EmbedSparseRequest request) {
        long start = System.nanoTime();
        List<Input> inputs = service.prompted(List.of(Input.text(request.getInputs())),
                request.hasPromptName() ? request.getPromptName() : null);
        float[] weights;
        try (Admission.Permit permit = calls.admitModel(Routes.EMBED_SPARSE, request.getInputs(), 1)) {
            weights = service.embedSparse(permit, inputs, Requests.truncate(request.getTruncate()),
                    Requests.direction(request.getTruncationDirection()), Routes.EMBED_SPARSE).get(0);
        }
        EmbedSparseResponse.Builder b = EmbedSparseResponse.newBuilder();
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                b.addSparseEmbeddings(SparseValue.newBuilder().setIndex(i).setValue(weights[i]));
            }
        }
        return b.setMetadata(Requests.metadata(request.getInputs().length(), start)).build();
    }

    private EmbedAllResponse embedAll(EmbedAllRequest request) {
        long start = System.nanoTime();
        List<Input> inputs = service.prompted(List.of(Input.text(request.getInputs())),
                request.hasPromptName() ? request.getPromptName() : null);
        float[][] states;
        try (Admission.Permit permit = calls.admitModel(Routes.EMBED_ALL, request.getInputs(), -1)) {
            states = service.embedAll(permit, inputs, Requests.truncate(request.getTruncate()),
                    Requests.direction(request.getTruncationDirection()), Routes.EMBED_ALL).get(0);
        }
        EmbedAllResponse.Builder b = EmbedAllResponse.newBuilder();
        for (float[] token : states) {
            TokenEmbedding.Builder t = TokenEmbedding.newBuilder();
            for (float v : token) {
                t.addEmbeddings(v);
            }
            b.addTokenEmbeddings(t);
        }
        return b.setMetadata(Requests.metadata(request.getInputs().length(), start)).build();
    }
}
