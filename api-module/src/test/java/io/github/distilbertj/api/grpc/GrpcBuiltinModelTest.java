package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.grpc.tei.DecodeRequest;
import io.github.distilbertj.api.grpc.tei.DecodeResponse;
import io.github.distilbertj.api.grpc.tei.EmbedAllRequest;
import io.github.distilbertj.api.grpc.tei.EmbedAllResponse;
import io.github.distilbertj.api.grpc.tei.EmbedGrpc;
import io.github.distilbertj.api.grpc.tei.EmbedRequest;
import io.github.distilbertj.api.grpc.tei.EmbedResponse;
import io.github.distilbertj.api.grpc.tei.EmbedSparseRequest;
import io.github.distilbertj.api.grpc.tei.EncodeRequest;
import io.github.distilbertj.api.grpc.tei.EncodeResponse;
import io.github.distilbertj.api.grpc.tei.InfoGrpc;
import io.github.distilbertj.api.grpc.tei.InfoRequest;
import io.github.distilbertj.api.grpc.tei.InfoResponse;
import io.github.distilbertj.api.grpc.tei.ModelType;
import io.github.distilbertj.api.grpc.tei.PredictGrpc;
import io.github.distilbertj.api.grpc.tei.PredictRequest;
import io.github.distilbertj.api.grpc.tei.RerankGrpc;
import io.github.distilbertj.api.grpc.tei.RerankRequest;
import io.github.distilbertj.api.grpc.tei.RerankStreamRequest;
import io.github.distilbertj.api.grpc.tei.SimpleToken;
import io.github.distilbertj.api.grpc.tei.TokenizeGrpc;
import io.github.distilbertj.api.grpc.tei.TruncationDirection;
import io.github.distilbertj.api.http.Http;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every rpc of tei.proto against the built-in all-MiniLM-L6-v2 with a real grpc-java client over loopback, the
 * answers checked against the HTTP routes of the same server (embeddings within 1e-5), plus errors, health,
 * admission and meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "distilbertj.grpc.port=0", "distilbertj.grpc.max-parallel-stream-requests=4"})
class GrpcBuiltinModelTest {

    static final String[] SENTENCES = {"The cat sits outside.", "A man is playing guitar.", "I love pasta.",
            "The new movie is awesome.", "The cat plays in the garden.", "A woman watches TV.",
            "The new movie is so great.", "Do you like pizza?", "Héllo wörld, ünïcode 東京 🙂"};

    static GrpcClient client;

    @LocalServerPort
    int httpPort;
    @Autowired
    GrpcServer server;
    @Autowired
    ApplicationContext context;
    @Autowired
    Admission admission;

    Http http;
    EmbedGrpc.EmbedBlockingStub embed;

    @BeforeEach
    void connect() {
        http = new Http(httpPort);
        await().atMost(Duration.ofSeconds(120)).until(() -> http.get("/health").status() == 200);
        if (client == null) {
            client = new GrpcClient(server.port());
        }
        embed = EmbedGrpc.newBlockingStub(client.channel);
    }

    @AfterAll
    static void close() throws InterruptedException {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private float[] httpEmbed(String body) {
        return Http.floats(http.post("/embed", body).json().get(0));
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static String json(String s) {
        return Http.JSON.writeValueAsString(s);
    }

    @Test
    void embedMatchesHttpEmbed() {
        for (String s : SENTENCES) {
            EmbedResponse r = embed.embed(EmbedRequest.newBuilder().setInputs(s).build());
            float[] expected = httpEmbed("{\"inputs\": " + json(s) + "}");
            assertThat(r.getEmbeddingsCount()).isEqualTo(384);
            assertThat(Http.maxAbsDiff(floats(r.getEmbeddingsList()), expected)).as(s).isLessThanOrEqualTo(1e-5);
            assertThat(r.getMetadata().getComputeChars()).isEqualTo(s.length());
            assertThat(r.getMetadata().getTotalTimeNs()).isPositive();
        }
        // normalize=false, dimensions (Matryoshka), left truncation
        EmbedResponse raw = embed.embed(EmbedRequest.newBuilder().setInputs(SENTENCES[0]).setNormalize(false).build());
        assertThat(Http.maxAbsDiff(floats(raw.getEmbeddingsList()),
                httpEmbed("{\"inputs\": " + json(SENTENCES[0]) + ", \"normalize\": false}"))).isLessThanOrEqualTo(1e-5);
        assertThat(Http.norm(floats(raw.getEmbeddingsList()))).isGreaterThan(1.5);
        EmbedResponse cut = embed.embed(EmbedRequest.newBuilder().setInputs(SENTENCES[1]).setDimensions(128).build());
        float[] httpCut = httpEmbed("{\"inputs\": " + json(SENTENCES[1]) + ", \"dimensions\": 128}");
        assertThat(httpCut).hasSize(128);
        assertThat(Http.maxAbsDiff(floats(cut.getEmbeddingsList()), httpCut)).isLessThanOrEqualTo(1e-5);
        String longText = "word ".repeat(600);
        EmbedResponse left = embed.embed(EmbedRequest.newBuilder().setInputs(longText + "tail").setTruncate(true)
                .setTruncationDirection(TruncationDirection.TRUNCATION_DIRECTION_LEFT).build());
        assertThat(Http.maxAbsDiff(floats(left.getEmbeddingsList()), httpEmbed("{\"inputs\": " + json(longText + "tail")
                + ", \"truncate\": true, \"truncation_direction\": \"Left\"}"))).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void embedStreamAnswersEveryMessageInOrder() throws Exception {
        // 3 x 9 messages through a window of 4: the stream asks for more as it answers.
        List<EmbedRequest> requests = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String s : SENTENCES) {
                requests.add(EmbedRequest.newBuilder().setInputs(s).build());
            }
        }
        EmbedGrpc.EmbedStub async = EmbedGrpc.newStub(client.channel);
        GrpcClient.Streamed<EmbedResponse> r = GrpcClient.stream(async::embedStream, requests);
        assertThat(r.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(r.answers()).hasSize(requests.size());
        JsonNode batch = http.post("/embed", "{\"inputs\": " + Http.JSON.writeValueAsString(SENTENCES) + "}").json();
        for (int i = 0; i < requests.size(); i++) {
            assertThat(Http.maxAbsDiff(floats(r.answers().get(i).getEmbeddingsList()),
                    Http.floats(batch.get(i % SENTENCES.length)))).as("message " + i).isLessThanOrEqualTo(1e-5);
        }
    }

    /**
     * A client that reads nothing stops the stream: the server works on a message only when the answers before it
     * went out, and they stop going out when the client's HTTP/2 window (64 KiB here, ~40 answers) and the
     * server's send buffer are full; what it has read it answers in order once the client reads again.
     */
    @Test
    void aStreamWhoseClientDoesNotReadStopsReading() throws Exception {
        double before = grpcEmbedCount();
        int sent = 400;
        List<EmbedResponse> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        io.grpc.stub.ClientCallStreamObserver<EmbedRequest>[] call = new io.grpc.stub.ClientCallStreamObserver[1];
        io.grpc.ManagedChannel small = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
                .forAddress("127.0.0.1", server.port()).usePlaintext().flowControlWindow(64 * 1024).build();
        try {
            io.grpc.stub.StreamObserver<EmbedRequest> out = EmbedGrpc.newStub(small).embedStream(
                    new io.grpc.stub.ClientResponseObserver<EmbedRequest, EmbedResponse>() {
                        @Override
                        public void beforeStart(io.grpc.stub.ClientCallStreamObserver<EmbedRequest> requests) {
                            call[0] = requests;
                            requests.disableAutoRequestWithInitial(0);
                        }

                        @Override
                        public void onNext(EmbedResponse value) {
                            answers.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            done.countDown();
                        }
                    });
            for (int i = 0; i < sent; i++) {
                out.onNext(EmbedRequest.newBuilder().setInputs(SENTENCES[i % SENTENCES.length]).build());
            }
            out.onCompleted();
            // The count settles well below what was sent: the server stopped asking for messages.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> grpcEmbedCount() - before > 0 && stable(grpcEmbedCount(), 1000));
            double worked = grpcEmbedCount() - before;
            System.out.printf("gRPC stream, client reading nothing: %.0f of %d messages worked on%n", worked, sent);
            assertThat(worked).as("messages worked on while the client read nothing").isLessThan(200);
            assertThat(answers).isEmpty();
            call[0].request(sent);
            assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(answers).hasSize(sent);
            JsonNode batch = http.post("/embed", "{\"inputs\": " + Http.JSON.writeValueAsString(SENTENCES) + "}").json();
            for (int i = 0; i < sent; i += 37) {
                assertThat(Http.maxAbsDiff(floats(answers.get(i).getEmbeddingsList()), Http.floats(batch.get(i % SENTENCES.length))))
                        .as("message " + i).isLessThanOrEqualTo(1e-5);
            }
        } finally {
            small.shutdownNow();
        }
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry registry;

    private double grpcEmbedCount() {
        io.micrometer.core.instrument.Counter c = registry.find("distilbertj.request.count")
                .tags("route", "/embed", "transport", "grpc").counter();
        return c == null ? 0 : c.count();
    }

    /** True if {@code count} is still the count after {@code millis}. */
    private boolean stable(double count, long millis) throws InterruptedException {
        Thread.sleep(millis);
        return grpcEmbedCount() == count;
    }

    @Test
    void aFailedMessageEndsTheStreamAfterTheAnswersBeforeIt() throws Exception {
        List<EmbedRequest> requests = List.of(EmbedRequest.newBuilder().setInputs(SENTENCES[0]).build(),
                EmbedRequest.newBuilder().setInputs(SENTENCES[1]).build(), EmbedRequest.newBuilder().setInputs("").build(),
                EmbedRequest.newBuilder().setInputs(SENTENCES[2]).build());
        GrpcClient.Streamed<EmbedResponse> r = GrpcClient.stream(EmbedGrpc.newStub(client.channel)::embedStream, requests);
        assertThat(r.answers()).hasSize(2);
        assertThat(r.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(r.status().getDescription()).isEqualTo("`inputs` cannot be empty");
    }

    @Test
    void embedAllAndItsStreamMatchHttpEmbedAll() throws Exception {
        EmbedAllResponse r = embed.embedAll(EmbedAllRequest.newBuilder().setInputs(SENTENCES[3]).build());
        JsonNode expected = http.post("/embed_all", "{\"inputs\": " + json(SENTENCES[3]) + "}").json().get(0);
        assertThat(r.getTokenEmbeddingsCount()).isEqualTo(expected.size());
        for (int t = 0; t < expected.size(); t++) {
            assertThat(Http.maxAbsDiff(floats(r.getTokenEmbeddings(t).getEmbeddingsList()), Http.floats(expected.get(t))))
                    .isLessThanOrEqualTo(1e-5);
        }
        GrpcClient.Streamed<EmbedAllResponse> s = GrpcClient.stream(EmbedGrpc.newStub(client.channel)::embedAllStream,
                List.of(EmbedAllRequest.newBuilder().setInputs(SENTENCES[0]).build(),
                        EmbedAllRequest.newBuilder().setInputs(SENTENCES[3]).build()));
        assertThat(s.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(s.answers().get(1)).isEqualTo(r.toBuilder().setMetadata(s.answers().get(1).getMetadata()).build());
        assertThat(s.answers().get(0).getTokenEmbeddingsCount())
                .isEqualTo(http.post("/embed_all", "{\"inputs\": " + json(SENTENCES[0]) + "}").json().get(0).size());
    }

    @Test
    void tokenizeAndDecodeMatchHttp() throws Exception {
        TokenizeGrpc.TokenizeBlockingStub tokenize = TokenizeGrpc.newBlockingStub(client.channel);
        String text = SENTENCES[8];
        EncodeResponse r = tokenize.tokenize(EncodeRequest.newBuilder().setInputs(text).setAddSpecialTokens(true).build());
        JsonNode expected = http.post("/tokenize", "{\"inputs\": " + json(text) + "}").json().get(0);
        assertThat(r.getTokensCount()).isEqualTo(expected.size());
        int[] ids = new int[r.getTokensCount()];
        for (int i = 0; i < expected.size(); i++) {
            SimpleToken t = r.getTokens(i);
            JsonNode e = expected.get(i);
            ids[i] = t.getId();
            assertThat(t.getId()).isEqualTo(e.get("id").asInt());
            assertThat(t.getText()).isEqualTo(e.get("text").asString());
            assertThat(t.getSpecial()).isEqualTo(e.get("special").asBoolean());
            assertThat(t.hasStart()).isEqualTo(!e.get("start").isNull());
            if (t.hasStart()) {
                assertThat(t.getStart()).isEqualTo(e.get("start").asInt());
                assertThat(t.getStop()).isEqualTo(e.get("stop").asInt());
            }
        }
        assertThat(r.getTokens(0).getSpecial()).isTrue();
        // proto3's add_special_tokens default is false, as TEI's gRPC server takes it
        assertThat(tokenize.tokenize(EncodeRequest.newBuilder().setInputs(text).build()).getTokensCount())
                .isEqualTo(ids.length - 2);

        StringBuilder idList = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            idList.append(i == 0 ? "" : ",").append(ids[i]);
        }
        idList.append(']');
        DecodeRequest.Builder decode = DecodeRequest.newBuilder().setSkipSpecialTokens(true);
        for (int id : ids) {
            decode.addIds(id);
        }
        DecodeResponse d = tokenize.decode(decode.build());
        assertThat(d.getText()).isEqualTo(http.post("/decode", "{\"ids\": " + idList + ", \"skip_special_tokens\": true}")
                .json().get(0).asString());
        assertThat(tokenize.decode(decode.setSkipSpecialTokens(false).build()).getText()).startsWith("[CLS]");

        TokenizeGrpc.TokenizeStub async = TokenizeGrpc.newStub(client.channel);
        GrpcClient.Streamed<EncodeResponse> ts = GrpcClient.stream(async::tokenizeStream, List.of(
                EncodeRequest.newBuilder().setInputs("one").setAddSpecialTokens(true).build(),
                EncodeRequest.newBuilder().setInputs(text).setAddSpecialTokens(true).build()));
        assertThat(ts.answers()).hasSize(2);
        assertThat(ts.answers().get(0).getTokensCount()).isEqualTo(3);
        assertThat(ts.answers().get(1)).isEqualTo(r);
        GrpcClient.Streamed<DecodeResponse> ds = GrpcClient.stream(async::decodeStream, List.of(decode.build(),
                decode.setSkipSpecialTokens(true).build()));
        assertThat(ds.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(ds.answers().get(1)).isEqualTo(d);
        assertThat(ds.answers().get(0).getText()).startsWith("[CLS]");

        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                () -> tokenize.decode(DecodeRequest.getDefaultInstance()));
        assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        StatusRuntimeException outside = assertThrows(StatusRuntimeException.class,
                () -> tokenize.decode(DecodeRequest.newBuilder().addIds(1_000_000).build()));
        assertThat(outside.getStatus().getDescription()).contains("outside the vocabulary");
    }

    @Test
    void infoHasTheFieldsOfHttpInfo() {
        InfoResponse info = InfoGrpc.newBlockingStub(client.channel).info(InfoRequest.getDefaultInstance());
        JsonNode expected = http.get("/info").json();
        assertThat(info.getModelId()).isEqualTo(expected.get("model_id").asString())
                .isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        assertThat(info.getModelType()).isEqualTo(ModelType.MODEL_TYPE_EMBEDDING);
        assertThat(info.getModelDtype()).isEqualTo(expected.get("model_dtype").asString());
        assertThat(info.getVersion()).isEqualTo(expected.get("version").asString());
        assertThat(info.getMaxConcurrentRequests()).isEqualTo(expected.get("max_concurrent_requests").asInt());
        assertThat(info.getMaxInputLength()).isEqualTo(expected.get("max_input_length").asInt()).isEqualTo(512);
        assertThat(info.getMaxBatchTokens()).isEqualTo(expected.get("max_batch_tokens").asInt());
        assertThat(info.getMaxBatchRequests()).isEqualTo(expected.get("max_batch_requests").asInt());
        assertThat(info.getMaxClientBatchSize()).isEqualTo(expected.get("max_client_batch_size").asInt());
        assertThat(info.getTokenizationWorkers()).isEqualTo(expected.get("tokenization_workers").asInt());
        assertThat(info.hasModelSha()).isFalse();
    }

    private static Status.Code code(Executable call) {
        return assertThrows(StatusRuntimeException.class, call).getStatus().getCode();
    }

    private static String message(Executable call) {
        return assertThrows(StatusRuntimeException.class, call).getStatus().getDescription();
    }

    @Test
    void errorsMapToTeiStatusCodes() throws Exception {
        assertThat(code(() -> embed.embed(EmbedRequest.getDefaultInstance()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(message(() -> embed.embed(EmbedRequest.getDefaultInstance()))).isEqualTo("`inputs` cannot be empty");
        EmbedRequest tooLong = EmbedRequest.newBuilder().setInputs("word ".repeat(600)).build();
        assertThat(code(() -> embed.embed(tooLong))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(message(() -> embed.embed(tooLong))).contains("must have less than 512 tokens. Given: 602");
        assertThat(embed.embed(tooLong.toBuilder().setTruncate(true).build()).getEmbeddingsCount()).isEqualTo(384);
        assertThat(message(() -> embed.embed(EmbedRequest.newBuilder().setInputs("x").setDimensions(385).build())))
                .contains("`dimensions` must be between 1 and 384");
        assertThat(message(() -> embed.embed(EmbedRequest.newBuilder().setInputs("x").setPromptName("query").build())))
                .contains("`prompt_name` 'query' is not a prompt");

        RerankGrpc.RerankBlockingStub rerank = RerankGrpc.newBlockingStub(client.channel);
        RerankRequest rr = RerankRequest.newBuilder().setQuery("q").addTexts("a").build();
        assertThat(code(() -> rerank.rerank(rr))).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(message(() -> rerank.rerank(rr))).contains("model is not a re-ranker model")
                .contains("has no sequence-classification head");
        GrpcClient.Streamed<?> rs = GrpcClient.stream(RerankGrpc.newStub(client.channel)::rerankStream,
                List.of(RerankStreamRequest.newBuilder().setQuery("q").setText("a").build()));
        assertThat(rs.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(code(() -> PredictGrpc.newBlockingStub(client.channel).predict(
                PredictRequest.newBuilder().setInputs("x").build()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(message(() -> embed.embedSparse(EmbedSparseRequest.newBuilder().setInputs("x").build())))
                .contains("has no masked-LM head");
    }

    @Test
    void overloadIsResourceExhaustedWithRetryPushback() {
        List<Admission.Permit> held = new ArrayList<>();
        try {
            for (int i = 0; i < admission.limits().maxConcurrentRequests(); i++) {
                held.add(admission.admit("/embed", new Admission.Work(true, 1, 1)));
            }
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> embed.embed(EmbedRequest.newBuilder().setInputs("hello").build()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).contains("distilbertj.max-concurrent-requests");
            assertThat(e.getTrailers().get(GrpcErrors.RETRY_PUSHBACK_MS)).isEqualTo("1000");
            assertThat(e.getTrailers().get(GrpcErrors.ERROR_TYPE)).isEqualTo("Overloaded");
        } finally {
            held.forEach(Admission.Permit::close);
        }
        assertThat(embed.embed(EmbedRequest.newBuilder().setInputs("hello").build()).getEmbeddingsCount()).isEqualTo(384);
    }

    @Test
    void healthIsServingWhenReadyAndNotServingWhileDraining() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(client.channel);
        HealthCheckRequest all = HealthCheckRequest.getDefaultInstance();
        HealthCheckRequest embedService = HealthCheckRequest.newBuilder().setService(EmbedGrpc.SERVICE_NAME).build();
        assertThat(health.check(all).getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(embedService).getStatus()).isEqualTo(ServingStatus.SERVING);
        // What lifecycle.Drain publishes when shutdown begins; calls are still served meanwhile.
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            assertThat(health.check(all).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(health.check(embedService).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(embed.embed(EmbedRequest.newBuilder().setInputs("still served").build()).getEmbeddingsCount())
                    .isEqualTo(384);
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        assertThat(health.check(all).getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void reflectionListsTheTeiServices() throws Exception {
        GrpcClient.Streamed<ServerReflectionResponse> r = GrpcClient.stream(ServerReflectionGrpc.newStub(client.channel)::serverReflectionInfo,
                List.of(ServerReflectionRequest.newBuilder().setListServices("").build()));
        assertThat(r.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(r.answers().get(0).getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                .contains("tei.v1.Info", "tei.v1.Embed", "tei.v1.Predict", "tei.v1.Rerank", "tei.v1.Tokenize",
                        "grpc.health.v1.Health");
    }

    @Test
    void grpcRequestsCountInTheRequestMetersWithTransportGrpc() {
        embed.embed(EmbedRequest.newBuilder().setInputs("count me").build());
        assertThrows(StatusRuntimeException.class, () -> embed.embed(EmbedRequest.getDefaultInstance()));
        String scrape = http.get("/actuator/prometheus").body();
        assertThat(scrape)
                .contains("distilbertj_request_count_total{application=\"distilbertj\",route=\"/embed\",transport=\"grpc\"}")
                .contains("distilbertj_request_success_total{application=\"distilbertj\",route=\"/embed\",transport=\"grpc\"}")
                .contains("distilbertj_request_failure_total{application=\"distilbertj\",error_type=\"Validation\",route=\"/embed\",transport=\"grpc\"}")
                .contains("distilbertj_request_duration_seconds_count{application=\"distilbertj\",route=\"/embed\",transport=\"grpc\"}")
                .contains("distilbertj_queue_duration_seconds_count{application=\"distilbertj\",route=\"/embed\"}");
    }
}
