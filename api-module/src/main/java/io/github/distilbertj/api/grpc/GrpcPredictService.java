package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.grpc.tei.PredictGrpc;
import io.github.distilbertj.api.grpc.tei.PredictPairRequest;
import io.github.distilbertj.api.grpc.tei.PredictRequest;
import io.github.distilbertj.api.grpc.tei.PredictResponse;
import io.github.distilbertj.api.grpc.tei.Prediction;
import io.github.distilbertj.api.grpc.tei.TruncationDirection;
import io.github.distilbertj.api.http.Routes;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.github.distilbertj.api.scheduling.Input;
import io.github.distilbertj.kernels.Softmax;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * tei.v1.Predict: POST /predict for one input (Predict) or one pair (PredictPair: one or two strings, as TEI);
 * FAILED_PRECONDITION on a model without a sequence-classification head.
 */
final class GrpcPredictService extends PredictGrpc.PredictImplBase {

    private final GrpcCalls calls;
    private final InferenceService service;

    GrpcPredictService(GrpcCalls calls) {
        this.calls = calls;
        this.service = calls.service();
    }

    @Override
    public void predict(PredictRequest request, StreamObserver<PredictResponse> responses) {
        calls.unary(Routes.PREDICT, request, responses, this::predict);
    }

    @Override
    public void predictPair(PredictPairRequest request, StreamObserver<PredictResponse> responses) {
        calls.unary(Routes.PREDICT, request, responses, this::predictPair);
    }

    @Override
    public StreamObserver<PredictRequest> predictStream(StreamObserver<PredictResponse> responses) {
        return calls.stream(Routes.PREDICT, responses, this::predict);
    }

    @Override
    public StreamObserver<PredictPairRequest> predictPairStream(StreamObserver<PredictResponse> responses) {
        return calls.stream(Routes.PREDICT, responses, this::predictPair);
    }

    private PredictResponse predict(PredictRequest request) {
        return predict(Input.text(request.getInputs()), request.getInputs(), request.getInputs().length(),
                request.getTruncate(), request.getRawScores(), request.getTruncationDirection());
    }

    private PredictResponse predictPair(PredictPairRequest request) {
        List<String> in = request.getInputsList();
        Input input = switch (in.size()) {
            case 1 -> Input.text(in.get(0));
            case 2 -> Input.pair(in.get(0), in.get(1));
            default -> throw ApiException.validation("`inputs` must have a single or two elements. Given: " + in.size());
        };
        long chars = in.stream().mapToLong(String::length).sum();
        return predict(input, String.join(" ", in), chars, request.getTruncate(), request.getRawScores(),
                request.getTruncationDirection());
    }

    private PredictResponse predict(Input input, String text, long chars, boolean truncate, boolean raw,
                                    TruncationDirection direction) {
        long start = System.nanoTime();
        float[] logits;
        try (Admission.Permit permit = calls.admitModel(Routes.PREDICT, text, 1)) {
            logits = service.classify(permit, List.of(input), Requests.truncate(truncate), Requests.direction(direction),
                    Routes.PREDICT).get(0);
        }
        float[] scores = logits.clone();
        if (!raw) {
            Softmax.apply(scores, 0, scores.length, null, 0);
        }
        List<String> labels = service.model().labels();
        List<Prediction> predictions = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            predictions.add(Prediction.newBuilder().setScore(scores[i]).setLabel(labels.get(i)).build());
        }
        predictions.sort(Comparator.comparingDouble(Prediction::getScore).reversed());
        return PredictResponse.newBuilder().addAllPredictions(predictions)
                .setMetadata(Requests.metadata(chars, start)).build();
    }
}
