package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.grpc.tei.EmbedGrpc;
import io.github.distilbertj.api.grpc.tei.InfoGrpc;
import io.github.distilbertj.api.grpc.tei.PredictGrpc;
import io.github.distilbertj.api.grpc.tei.RerankGrpc;
import io.github.distilbertj.api.grpc.tei.TokenizeGrpc;
import io.github.distilbertj.api.http.Routes;

import java.util.List;
import java.util.Map;

/**
 * The HTTP route of each rpc: its {@code route} metric tag (with {@code transport="grpc"}) and its admission
 * route, so that a dashboard by route shows the task whatever the transport.
 */
final class GrpcRoutes {

    /** The services of tei.proto, as the health service names them. */
    static final List<String> SERVICES = List.of(InfoGrpc.SERVICE_NAME, EmbedGrpc.SERVICE_NAME, PredictGrpc.SERVICE_NAME,
            RerankGrpc.SERVICE_NAME, TokenizeGrpc.SERVICE_NAME);

    private static final Map<String, String> BY_METHOD = Map.ofEntries(
            Map.entry(InfoGrpc.getInfoMethod().getFullMethodName(), Routes.INFO),
            Map.entry(EmbedGrpc.getEmbedMethod().getFullMethodName(), Routes.EMBED),
            Map.entry(EmbedGrpc.getEmbedStreamMethod().getFullMethodName(), Routes.EMBED),
            Map.entry(EmbedGrpc.getEmbedSparseMethod().getFullMethodName(), Routes.EMBED_SPARSE),
            Map.entry(EmbedGrpc.getEmbedSparseStreamMethod().getFullMethodName(), Routes.EMBED_SPARSE),
            Map.entry(EmbedGrpc.getEmbedAllMethod().getFullMethodName(), Routes.EMBED_ALL),
            Map.entry(EmbedGrpc.getEmbedAllStreamMethod().getFullMethodName(), Routes.EMBED_ALL),
            Map.entry(PredictGrpc.getPredictMethod().getFullMethodName(), Routes.PREDICT),
            Map.entry(PredictGrpc.getPredictPairMethod().getFullMethodName(), Routes.PREDICT),
            Map.entry(PredictGrpc.getPredictStreamMethod().getFullMethodName(), Routes.PREDICT),
            Map.entry(PredictGrpc.getPredictPairStreamMethod().getFullMethodName(), Routes.PREDICT),
            Map.entry(RerankGrpc.getRerankMethod().getFullMethodName(), Routes.RERANK),
            Map.entry(RerankGrpc.getRerankStreamMethod().getFullMethodName(), Routes.RERANK),
            Map.entry(TokenizeGrpc.getTokenizeMethod().getFullMethodName(), Routes.TOKENIZE),
            Map.entry(TokenizeGrpc.getTokenizeStreamMethod().getFullMethodName(), Routes.TOKENIZE),
            Map.entry(TokenizeGrpc.getDecodeMethod().getFullMethodName(), Routes.DECODE),
            Map.entry(TokenizeGrpc.getDecodeStreamMethod().getFullMethodName(), Routes.DECODE));

    private GrpcRoutes() {
    }

    /** The route tag of a full method name ({@code tei.v1.Embed/Embed}); {@link Routes#UNKNOWN} for any other. */
    static String of(String fullMethodName) {
        return BY_METHOD.getOrDefault(fullMethodName, Routes.UNKNOWN);
    }
}
