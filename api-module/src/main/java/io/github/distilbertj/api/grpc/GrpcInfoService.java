package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.config.ServerSettings;
import io.github.distilbertj.api.grpc.tei.InfoGrpc;
import io.github.distilbertj.api.grpc.tei.InfoRequest;
import io.github.distilbertj.api.grpc.tei.InfoResponse;
import io.github.distilbertj.api.grpc.tei.ModelType;
import io.github.distilbertj.api.http.Routes;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.github.distilbertj.api.scheduling.ModelInfo;
import io.grpc.stub.StreamObserver;

/** tei.v1.Info: the fields of GET /info that tei.proto carries. */
final class GrpcInfoService extends InfoGrpc.InfoImplBase {

    private final GrpcCalls calls;
    private final ServerSettings settings;
    private final String version;

    GrpcInfoService(GrpcCalls calls, ServerSettings settings, String version) {
        this.calls = calls;
        this.settings = settings;
        this.version = version;
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> responses) {
        calls.unary(Routes.INFO, request, responses, r -> info());
    }

    private InfoResponse info() {
        InferenceService service = calls.service();
        ModelInfo m = service.model();
        ModelType type = m.reranker() ? ModelType.MODEL_TYPE_RERANKER
                : m.classifier() ? ModelType.MODEL_TYPE_CLASSIFIER : ModelType.MODEL_TYPE_EMBEDDING;
        return InfoResponse.newBuilder().setVersion(version).setModelId(m.modelId()).setModelDtype(m.dtype())
                .setModelType(type).setMaxConcurrentRequests(service.maxConcurrentRequests())
                .setMaxInputLength(service.maxInputLength()).setMaxBatchTokens(settings.maxBatchTokens())
                .setMaxBatchRequests(settings.maxBatchRequests()).setMaxClientBatchSize(service.maxClientBatchSize())
                .setTokenizationWorkers(Routes.TOKENIZATION_WORKERS).build();
    }
}
