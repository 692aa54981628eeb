package io.github.distilbertj.api.scheduling;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.metrics.ApiMetrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Admission, validation and truncation of the service, on a fake model (max input length 8). */
class InferenceServiceTest {

    private final FakeBackend backend = new FakeBackend();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ApiMetrics metrics = new ApiMetrics(registry);
    private BatchScheduler scheduler;
    private Admission admission;
    private InferenceService service;

    /** Runs {@code call} holding a permit for one small request, as the HTTP filter would. */
    private <T> T admitted(Function<Admission.Permit, T> call) {
        try (Admission.Permit p = admission.admit("r", new Admission.Work(true, 1, 1))) {
            return call.apply(p);
        }
    }

    @BeforeEach
    void setUp() {
        scheduler = new BatchScheduler(backend, metrics, 64, 16);
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(scheduler::warmedUp);
        admission = new Admission(new Admission.Limits(2, 64, 1 << 20, 1 << 20), 1, metrics);
        service = new InferenceService(backend, scheduler, metrics, 4, 8, false, admission);
    }

    @AfterEach
    void tearDown() {
        backend.gate = new CountDownLatch(0);
        scheduler.close();
    }

    private static ApiException error(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("no ApiException");
    }

    @Test
    void rejectsEmptyTooManyAndTooLongInputs() {
        assertThat(error(() -> admitted(p -> service.embed(p, List.of(), null, null, true, "r"))).status()).isEqualTo(422);
        assertThat(error(() -> admitted(p -> service.embed(p, List.of(Input.text("")), null, null, true, "r"))).getMessage())
                .contains("cannot be empty");
        ApiException many = error(() -> admitted(p -> service.embed(p, List.of(Input.text("a"), Input.text("a"), Input.text("a"),
                Input.text("a"), Input.text("a")), null, null, true, "r")));
        assertThat(many.status()).isEqualTo(413);
        assertThat(many.getMessage()).contains("batch size 5 > maximum allowed batch size 4");
        ApiException tooLong = error(() -> admitted(p -> service.embed(p, List.of(Input.text("a b c d e f g")), false, null, true, "r")));
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(tooLong.getMessage()).contains("must have less than 8 tokens. Given: 9");
        ApiException vocab = error(() -> admitted(p -> service.embed(p, List.of(Input.ids(new int[] {1, 100})), null, null, true, "r")));
        assertThat(vocab.status()).isEqualTo(422);
        assertThat(vocab.getMessage()).contains("token id 100").contains("outside the vocabulary (0..99)");
        assertThat(registry.find(ApiMetrics.TOKENIZATION_DURATION).timer().count()).isPositive();
    }

    @Test
    void truncationKeepsTheRequestedSide() {
        List<Input> ids = List.of(Input.ids(new int[] {1, 10, 11, 12, 13, 14, 15, 16, 17, 2}));
        List<float[][]> right = admitted(p -> service.embedAll(p, ids, true, TruncationDirection.RIGHT, "r"));
        List<float[][]> left = admitted(p -> service.embedAll(p, ids, true, TruncationDirection.LEFT, "r"));
        assertThat(right.get(0)).hasNumberOfRows(8);
        assertThat(right.get(0)[0][0]).isEqualTo(1f);
        assertThat(right.get(0)[7][0]).isEqualTo(16f);
        assertThat(left.get(0)[0][0]).isEqualTo(11f);
        assertThat(left.get(0)[7][0]).isEqualTo(2f);
        // Texts are re-tokenized with truncation (the fake keeps the first 8 tokens).
        assertThat(admitted(p -> service.embedAll(p, List.of(Input.text("a b c d e f g h i")), true, null, "r")).get(0)).hasNumberOfRows(8);
    }

    @Test
    void overloadIsAnswered429AtOnceAndAdmissionRecovers() throws Exception {
        backend.gate = new CountDownLatch(1);
        CompletableFuture<List<float[]>> first = CompletableFuture.supplyAsync(
                () -> admitted(p -> service.embed(p, List.of(Input.text("a")), null, null, true, "r")));
        CompletableFuture<List<float[]>> second = CompletableFuture.supplyAsync(
                () -> admitted(p -> service.embed(p, List.of(Input.text("b")), null, null, true, "r")));
        await().atMost(Duration.ofSeconds(10)).until(
                () -> registry.get(ApiMetrics.CONCURRENT_REQUESTS).gauge().value() == 2);
        ApiException overloaded = error(() -> admitted(p -> service.embed(p, List.of(Input.text("c")), null, null, true, "r")));
        assertThat(overloaded.status()).isEqualTo(429);
        assertThat(overloaded.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(overloaded.retryAfterSeconds()).isEqualTo(1);
        backend.gate.countDown();
        assertThat(first.get()).hasSize(1);
        assertThat(second.get()).hasSize(1);
        List<float[]> third = admitted(p -> service.embed(p, List.of(Input.text("c")), null, null, true, "r"));
        assertThat(third).hasSize(1);
    }

    @Test
    void headsAreCheckedAndFillMaskNeedsAMask() {
        assertThat(admitted(p -> service.classify(p, List.of(Input.text("a b")), null, null, "r")).get(0)).containsExactly(0f, 4f);
        List<InferenceService.Masked> masked = admitted(p -> service.fillMask(p, List.of("x [MASK] y"), "r"));
        assertThat(masked.get(0).positions()).containsExactly(2);
        assertThatThrownBy(() -> admitted(p -> service.fillMask(p, List.of("no mask"), "r"))).isInstanceOf(ApiException.class)
                .hasMessageContaining("[MASK]");
    }

    @Test
    void promptNamesPutTheModelsPromptBeforeEachTextAsTeiDoes() {
        InferenceBackend withPrompts = new FakeBackend() {
            @Override
            public io.github.distilbertj.model.Prompts prompts() {
                return new io.github.distilbertj.model.Prompts(
                        java.util.Map.of("query", "query: ", "passage", "passage: "), "passage");
            }
        };
        InferenceService s = new InferenceService(withPrompts, scheduler, metrics, 4, 8, false, admission);
        List<Input> in = List.of(Input.text("a b"), Input.pair("q", "d"), Input.ids(new int[] {5, 6}));
        List<Input> query = s.prompted(List.of(Input.text("a b"), Input.pair("q", "d")), "query");
        assertThat(query.get(0).text()).isEqualTo("query: a b");
        assertThat(query.get(1).text()).isEqualTo("query: q");
        assertThat(query.get(1).pair()).isEqualTo("d");
        // No name: the default prompt; token ids cannot take one and stay as they are.
        List<Input> byDefault = s.prompted(in, null);
        assertThat(byDefault.get(0).text()).isEqualTo("passage: a b");
        assertThat(byDefault.get(2)).isSameAs(in.get(2));
        assertThatThrownBy(() -> s.prompted(in.subList(0, 1), "title")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("`prompt_name` 'title' is not a prompt").hasMessageContaining("query");
        assertThatThrownBy(() -> s.prompted(in, "query")).hasMessageContaining("token ids");
        // A model without prompts: nothing changes unless one is named.
        assertThat(service.prompted(in, null)).isSameAs(in);
        assertThatThrownBy(() -> service.prompted(in, "query")).isInstanceOf(ApiException.class);
    }
}
