package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.grpc.tei.EmbedGrpc;
import io.github.distilbertj.api.grpc.tei.EmbedSparseRequest;
import io.github.distilbertj.api.grpc.tei.EmbedSparseResponse;
import io.github.distilbertj.api.grpc.tei.SparseValue;
import io.github.distilbertj.api.http.Http;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

/** EmbedSparse and EmbedSparseStream on the tiny DistilBertForMaskedLM fixture, against POST /embed_sparse. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"distilbertj.model=${fixtures.dir}/distilbert-tiny", "distilbertj.grpc.port=0"})
class GrpcSparseTest {

    @LocalServerPort
    int httpPort;
    @Autowired
    GrpcServer server;

    @Test
    void embedSparseMatchesHttpEmbedSparse() throws Exception {
        Http http = new Http(httpPort);
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/health").status() == 200);
        String[] texts = {"the cat sat on the mat", "paris is the capital of france and a large city"};
        JsonNode expected = http.post("/embed_sparse", "{\"inputs\": " + Http.JSON.writeValueAsString(texts) + "}").json();
        try (GrpcClient client = new GrpcClient(server.port())) {
            EmbedGrpc.EmbedBlockingStub embed = EmbedGrpc.newBlockingStub(client.channel);
            EmbedSparseResponse one = embed.embedSparse(EmbedSparseRequest.newBuilder().setInputs(texts[0]).build());
            assertSame(one.getSparseEmbeddingsList(), expected.get(0));
            GrpcClient.Streamed<EmbedSparseResponse> s = GrpcClient.stream(EmbedGrpc.newStub(client.channel)::embedSparseStream,
                    List.of(EmbedSparseRequest.newBuilder().setInputs(texts[1]).build(),
                            EmbedSparseRequest.newBuilder().setInputs(texts[0]).build(),
                            EmbedSparseRequest.newBuilder().setInputs(texts[1]).build()));
            assertThat(s.status().getCode()).isEqualTo(Status.Code.OK);
            assertThat(s.answers()).hasSize(3);
            assertSame(s.answers().get(0).getSparseEmbeddingsList(), expected.get(1));
            assertSame(s.answers().get(1).getSparseEmbeddingsList(), expected.get(0));
            assertSame(s.answers().get(2).getSparseEmbeddingsList(), expected.get(1));
        }
    }

    private static void assertSame(List<SparseValue> values, JsonNode expected) {
        assertThat(values).hasSize(expected.size()).isNotEmpty();
        for (int i = 0; i < values.size(); i++) {
            assertThat(values.get(i).getIndex()).isEqualTo(expected.get(i).get("index").asInt());
            assertThat((double) values.get(i).getValue()).isCloseTo(expected.get(i).get("value").doubleValue(), offset(1e-5));
        }
    }
}
