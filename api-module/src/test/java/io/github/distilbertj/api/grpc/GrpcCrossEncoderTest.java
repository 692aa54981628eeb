package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.grpc.tei.EmbedGrpc;
import io.github.distilbertj.api.grpc.tei.EmbedRequest;
import io.github.distilbertj.api.grpc.tei.InfoGrpc;
import io.github.distilbertj.api.grpc.tei.InfoRequest;
import io.github.distilbertj.api.grpc.tei.ModelType;
import io.github.distilbertj.api.grpc.tei.PredictGrpc;
import io.github.distilbertj.api.grpc.tei.PredictPairRequest;
import io.github.distilbertj.api.grpc.tei.PredictRequest;
import io.github.distilbertj.api.grpc.tei.PredictResponse;
import io.github.distilbertj.api.grpc.tei.Rank;
import io.github.distilbertj.api.grpc.tei.RerankGrpc;
import io.github.distilbertj.api.grpc.tei.RerankRequest;
import io.github.distilbertj.api.grpc.tei.RerankResponse;
import io.github.distilbertj.api.grpc.tei.RerankStreamRequest;
import io.github.distilbertj.api.http.Http;
import io.github.distilbertj.model.RandomModels;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Rerank, RerankStream, Predict, PredictPair and their streams on a random-weight one-label DistilBERT
 * cross-encoder, against POST /rerank and /predict of the same server; with {@code distilbertj.api-key} set, which
 * gRPC asks for as HTTP does (health excepted).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "distilbertj.grpc.port=0", "distilbertj.api-key=" + GrpcCrossEncoderTest.KEY})
class GrpcCrossEncoderTest {

    static final String KEY = "grpc-test-key";
    static final Path MODEL = crossEncoder();

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("distilbertj.model", MODEL::toString);
    }

    static Path crossEncoder() {
        try {
            return RandomModels.distilBertClassifier(Files.createTempDirectory("distilbertj-grpc-cross"), 1, 11);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String QUERY = "What is Deep Learning?";
    static final List<String> TEXTS = List.of("Deep Learning is a subfield of machine learning.", "cheese", "ok then",
            "neural networks with many layers");

    @LocalServerPort
    int httpPort;
    @Autowired
    GrpcServer server;

    private Http http() {
        Http http = new Http(httpPort, KEY);
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/health").status() == 200);
        return http;
    }

    private static void assertSameRanks(List<Rank> ranks, JsonNode expected, boolean withText) {
        assertThat(ranks).hasSize(expected.size());
        for (int k = 0; k < ranks.size(); k++) {
            Rank r = ranks.get(k);
            assertThat(r.getIndex()).isEqualTo(expected.get(k).get("index").asInt());
            assertThat((double) r.getScore()).isCloseTo(expected.get(k).get("score").doubleValue(), offset(1e-5));
            assertThat(r.hasText()).isEqualTo(withText);
            if (withText) {
                assertThat(r.getText()).isEqualTo(TEXTS.get(r.getIndex()));
            }
        }
    }

    @Test
    void rerankAndRerankStreamMatchHttpRerank() throws Exception {
        Http http = http();
        String body = "{\"query\": " + Http.JSON.writeValueAsString(QUERY) + ", \"texts\": " + Http.JSON.writeValueAsString(TEXTS);
        JsonNode sigmoid = http.post("/rerank", body + "}").json();
        JsonNode raw = http.post("/rerank", body + ", \"raw_scores\": true, \"return_text\": true}").json();
        try (GrpcClient client = new GrpcClient(server.port(), KEY)) {
            RerankGrpc.RerankBlockingStub rerank = RerankGrpc.newBlockingStub(client.channel);
            RerankResponse r = rerank.rerank(RerankRequest.newBuilder().setQuery(QUERY).addAllTexts(TEXTS).build());
            assertSameRanks(r.getRanksList(), sigmoid, false);
            RerankResponse rawRanks = rerank.rerank(RerankRequest.newBuilder().setQuery(QUERY).addAllTexts(TEXTS)
                    .setRawScores(true).setReturnText(true).build());
            assertSameRanks(rawRanks.getRanksList(), raw, true);

            // One pair per message; raw_scores and return_text come from the first message only.
            List<RerankStreamRequest> pairs = new ArrayList<>();
            for (String t : TEXTS) {
                pairs.add(RerankStreamRequest.newBuilder().setQuery(QUERY).setText(t).setRawScores(pairs.isEmpty())
                        .setReturnText(pairs.isEmpty()).build());
            }
            GrpcClient.Streamed<RerankResponse> streamed = GrpcClient.stream(
                    RerankGrpc.newStub(client.channel)::rerankStream, pairs);
            assertThat(streamed.status().getCode()).isEqualTo(Status.Code.OK);
            assertThat(streamed.answers()).hasSize(1);
            assertSameRanks(streamed.answers().get(0).getRanksList(), raw, true);

            GrpcClient.Streamed<RerankResponse> none = GrpcClient.stream(RerankGrpc.newStub(client.channel)::rerankStream,
                    List.of());
            assertThat(none.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                    () -> rerank.rerank(RerankRequest.newBuilder().setQuery(QUERY).build()));
            assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(empty.getStatus().getDescription()).isEqualTo("`texts` cannot be empty");
        }
    }

    @Test
    void predictAndPredictPairMatchHttpPredict() throws Exception {
        Http http = http();
        try (GrpcClient client = new GrpcClient(server.port(), KEY)) {
            PredictGrpc.PredictBlockingStub predict = PredictGrpc.newBlockingStub(client.channel);
            PredictResponse single = predict.predict(PredictRequest.newBuilder().setInputs(TEXTS.get(0)).setRawScores(true).build());
            JsonNode expected = http.post("/predict", "{\"inputs\": " + Http.JSON.writeValueAsString(TEXTS.get(0))
                    + ", \"raw_scores\": true}").json();
            assertThat(single.getPredictionsCount()).isEqualTo(1);
            assertThat((double) single.getPredictions(0).getScore()).isCloseTo(expected.get(0).get("score").doubleValue(), offset(1e-5));
            assertThat(single.getPredictions(0).getLabel()).isEqualTo(expected.get(0).get("label").asString());

            PredictResponse pair = predict.predictPair(PredictPairRequest.newBuilder().addInputs(QUERY).addInputs(TEXTS.get(3))
                    .setRawScores(true).build());
            JsonNode expectedPair = http.post("/predict", "{\"inputs\": " + Http.JSON.writeValueAsString(List.of(QUERY, TEXTS.get(3)))
                    + ", \"raw_scores\": true}").json();
            assertThat((double) pair.getPredictions(0).getScore()).isCloseTo(expectedPair.get(0).get("score").doubleValue(), offset(1e-5));
            // One label: its softmax probability is 1
            assertThat(predict.predict(PredictRequest.newBuilder().setInputs("x").build()).getPredictions(0).getScore())
                    .isEqualTo(1f);
            StatusRuntimeException three = assertThrows(StatusRuntimeException.class, () -> predict.predictPair(
                    PredictPairRequest.newBuilder().addInputs("a").addInputs("b").addInputs("c").build()));
            assertThat(three.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(three.getStatus().getDescription()).contains("single or two elements. Given: 3");

            PredictGrpc.PredictStub async = PredictGrpc.newStub(client.channel);
            GrpcClient.Streamed<PredictResponse> singles = GrpcClient.stream(async::predictStream, List.of(
                    PredictRequest.newBuilder().setInputs(TEXTS.get(1)).setRawScores(true).build(),
                    PredictRequest.newBuilder().setInputs(TEXTS.get(0)).setRawScores(true).build()));
            assertThat(singles.answers()).hasSize(2);
            assertThat(singles.answers().get(1).getPredictionsList()).isEqualTo(single.getPredictionsList());
            GrpcClient.Streamed<PredictResponse> pairs = GrpcClient.stream(async::predictPairStream, List.of(
                    PredictPairRequest.newBuilder().addInputs(QUERY).addInputs(TEXTS.get(3)).setRawScores(true).build(),
                    PredictPairRequest.newBuilder().addInputs(QUERY).addInputs(TEXTS.get(1)).setRawScores(true).build()));
            assertThat(pairs.status().getCode()).isEqualTo(Status.Code.OK);
            assertThat(pairs.answers().get(0).getPredictionsList()).isEqualTo(pair.getPredictionsList());
        }
    }

    @Test
    void theApiKeyIsNeededButNotForHealth() throws Exception {
        http();
        try (GrpcClient anonymous = new GrpcClient(server.port()); GrpcClient wrong = new GrpcClient(server.port(), "nope")) {
            StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                    () -> InfoGrpc.newBlockingStub(anonymous.channel).info(InfoRequest.getDefaultInstance()));
            assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(missing.getStatus().getDescription()).contains("authorization: Bearer <api key>");
            StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
                    () -> EmbedGrpc.newBlockingStub(wrong.channel).embed(EmbedRequest.newBuilder().setInputs("x").build()));
            assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(HealthGrpc.newBlockingStub(anonymous.channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .isEqualTo(ServingStatus.SERVING);
        }
        try (GrpcClient client = new GrpcClient(server.port(), KEY)) {
            assertThat(InfoGrpc.newBlockingStub(client.channel).info(InfoRequest.getDefaultInstance()).getModelType())
                    .isEqualTo(ModelType.MODEL_TYPE_RERANKER);
        }
        assertThat(http().get("/actuator/prometheus").body()).contains(
                "distilbertj_request_failure_total{application=\"distilbertj\",error_type=\"Unauthorized\",route=\"/embed\",transport=\"grpc\"}");
    }
}
