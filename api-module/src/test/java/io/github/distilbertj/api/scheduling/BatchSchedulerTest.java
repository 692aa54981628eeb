package io.github.distilbertj.api.scheduling;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.metrics.ApiMetrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Packing, ordering, task separation, failure and shutdown of the batching queue, on a fake model. */
class BatchSchedulerTest {

    private final FakeBackend backend = new FakeBackend();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ApiMetrics metrics = new ApiMetrics(registry);
    private BatchScheduler scheduler;

    private BatchScheduler start(int maxTokens, int maxRequests) {
        return started(new BatchScheduler(backend, metrics, maxTokens, maxRequests));
    }

    /** Starts it, waits out its warm-up and forgets the warm-up's batches. */
    private BatchScheduler started(BatchScheduler s) {
        scheduler = s;
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(scheduler::warmedUp);
        backend.batchLengths.clear();
        backend.batchTasks.clear();
        backend.threads.clear();
        return scheduler;
    }

    @AfterEach
    void stop() {
        backend.gate = new CountDownLatch(0);
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static Tokens words(FakeBackend b, int n) {
        return b.tokenize("w ".repeat(n).trim(), null, true);
    }

    /** Holds the inference thread in a first batch so that later jobs pile up in the queue. */
    private CompletableFuture<float[]> blockWithOneJob() {
        backend.gate = new CountDownLatch(1);
        CompletableFuture<float[]> blocker = scheduler.embed(words(backend, 1), true, metrics.queue("t"));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.batchLengths.size() == 1);
        return blocker;
    }

    @Test
    void queuedJobsArePackedUpToTheTokenBudgetInArrivalOrder() {
        start(20, 100);
        blockWithOneJob();
        List<CompletableFuture<float[]>> jobs = new ArrayList<>();
        for (int n : new int[] {4, 4, 4, 4, 4, 4}) { // 6 tokens each with [CLS]/[SEP]
            jobs.add(scheduler.embed(words(backend, n), true, metrics.queue("t")));
        }
        assertThat(scheduler.queueSize()).isEqualTo(6);
        assertThat(registry.get(ApiMetrics.QUEUE_SIZE).gauge().value()).isEqualTo(6);
        backend.gate.countDown();
        jobs.forEach(CompletableFuture::join);
        // 20-token budget: 3 jobs of 6, then 3 more.
        assertThat(backend.batchLengths).hasSize(3);
        assertThat(backend.batchLengths.get(1)).containsExactly(6, 6, 6);
        assertThat(backend.batchLengths.get(2)).containsExactly(6, 6, 6);
        assertThat(scheduler.queueSize()).isZero();
        assertThat(registry.get(ApiMetrics.BATCH_SIZE).summary().max()).isEqualTo(3);
    }

    @Test
    void requestCountBoundsABatchToo() {
        start(1000, 2);
        blockWithOneJob();
        List<CompletableFuture<float[]>> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(scheduler.embed(words(backend, 1), true, metrics.queue("t")));
        }
        backend.gate.countDown();
        jobs.forEach(CompletableFuture::join);
        assertThat(backend.batchLengths.subList(1, backend.batchLengths.size()))
                .extracting(a -> a.length).containsExactly(2, 2, 1);
    }

    @Test
    void aBatchOfShortAndLongInputsGoesToTheEncoderInOneCall() {
        // Splitting it into padded passes is the encoder's job (model-module PaddingPlan, PaddingPlanTest).
        start(1000, 100);
        blockWithOneJob();
        List<CompletableFuture<float[][]>> jobs = new ArrayList<>();
        int[] words = {30, 1, 1, 30, 1, 1, 1, 1}; // 32 and 3 tokens with [CLS]/[SEP]
        for (int n : words) {
            jobs.add(scheduler.hiddenStates(words(backend, n), metrics.queue("t")));
        }
        backend.gate.countDown();
        for (int i = 0; i < words.length; i++) {
            assertThat(jobs.get(i).join()).as("job %d", i).hasNumberOfRows(words[i] + 2);
        }
        // One batch of 8 jobs (one batch-size record besides the blocker), in arrival order.
        assertThat(registry.get(ApiMetrics.BATCH_SIZE).summary().count()).isEqualTo(2);
        assertThat(backend.batchLengths.subList(1, backend.batchLengths.size()))
                .containsExactly(new int[] {32, 3, 3, 32, 3, 3, 3, 3});
    }

    @Test
    void eachJobGetsItsOwnResultAndOnlyTheInferenceThreadRunsTheModel() {
        start(1000, 100);
        blockWithOneJob();
        CompletableFuture<float[]> pooled = scheduler.embed(words(backend, 3), false, metrics.queue("t"));
        CompletableFuture<float[][]> hidden = scheduler.hiddenStates(words(backend, 2), metrics.queue("t"));
        backend.gate.countDown();
        // Tokens: [CLS]=1, w=5 x3, [SEP]=2 -> mean of ids 1,5,5,5,2 = 3.6 in column 0.
        assertThat(pooled.join()[0]).isCloseTo(3.6f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(hidden.join()).hasNumberOfRows(4);
        assertThat(hidden.join()[1][2]).isEqualTo(7f);
        assertThat(backend.threads).containsOnly("distilbertj-inference");
    }

    @Test
    void batchesNeverMixTasks() {
        start(1000, 100);
        blockWithOneJob();
        CompletableFuture<float[]> a = scheduler.embed(words(backend, 1), true, metrics.queue("t"));
        CompletableFuture<float[]> b = scheduler.classify(words(backend, 1), metrics.queue("t"));
        CompletableFuture<float[]> c = scheduler.classify(words(backend, 2), metrics.queue("t"));
        CompletableFuture<float[][]> d = scheduler.fillMask(backend.tokenize("a [MASK]", null, true), new int[] {2},
                metrics.queue("t"));
        backend.gate.countDown();
        CompletableFuture.allOf(a, b, c, d).join();
        assertThat(backend.batchTasks).containsExactly("encode", "encode", "classify", "fill_mask");
        assertThat(c.join()).containsExactly(0f, 4f);
        assertThat(d.join()[0][12]).isEqualTo(5f);
    }

    @Test
    void aFailingBatchFailsItsJobsAsBackendErrorsAndTheNextBatchRuns() {
        start(1000, 100);
        backend.failure = new IllegalStateException("kernel exploded");
        CompletableFuture<float[]> failed = scheduler.embed(words(backend, 1), true, metrics.queue("t"));
        assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(ApiException.class).hasMessageContaining("kernel exploded")
                .extracting(e -> ((ApiException) e).status()).isEqualTo(424);
        backend.failure = null;
        assertThat(scheduler.embed(words(backend, 1), true, metrics.queue("t")).join()).hasSize(FakeBackend.HIDDEN);
    }

    @Test
    void closeFailsQueuedJobsAndRejectsNewOnes() {
        start(1000, 1);
        CompletableFuture<float[]> blocker = blockWithOneJob();
        CompletableFuture<float[]> queued = scheduler.embed(words(backend, 1), true, metrics.queue("t"));
        Thread closer = Thread.ofPlatform().start(scheduler::close);
        await().atMost(Duration.ofSeconds(10)).until(queued::isDone);
        assertThatThrownBy(queued::join).cause().isInstanceOf(ApiException.class).hasMessageContaining("shutting down");
        backend.gate.countDown();
        assertThat(blocker.join()).hasSize(FakeBackend.HIDDEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> !closer.isAlive());
        assertThatThrownBy(() -> scheduler.embed(words(backend, 1), true, metrics.queue("t")).join())
                .cause().isInstanceOf(ApiException.class);
    }

    @Test
    void idleWarmUpPassesRunOnlyAfterTheyAreStartedAndNeverHoldUpAJob() {
        scheduler = new BatchScheduler(backend, metrics, 1000, 100,
                new BatchScheduler.WarmUp(true, 30_000_000_000L), false);
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(scheduler::warmedUp);
        assertThat(scheduler.embed(words(backend, 2), true, metrics.queue("t")).join()).hasSize(FakeBackend.HIDDEN);
        assertThat(backend.batchLengths).as("readiness pass and the job, no idle pass yet").hasSize(2);
        scheduler.startIdleWarmUp();
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.batchLengths.size() > 4);
        assertThat(scheduler.embed(words(backend, 2), true, metrics.queue("t")).join()).hasSize(FakeBackend.HIDDEN);
        // Idle passes stop after Warmup.MAX_PASSES; none of them is counted as a batch.
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.batchLengths.size() == 3 + Warmup.MAX_PASSES);
        assertThat(registry.get(ApiMetrics.BATCH_SIZE).summary().count()).isEqualTo(2);
    }

    @Test
    void aModelWarmedUpBeforehandIsReadyWithoutAnotherPass() {
        scheduler = new BatchScheduler(backend, metrics, 1000, 100,
                new BatchScheduler.WarmUp(false, 0), false);
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(scheduler::warmedUp);
        assertThat(backend.batchLengths).isEmpty();
        assertThat(scheduler.embed(words(backend, 1), true, metrics.queue("t")).join()).hasSize(FakeBackend.HIDDEN);
    }

    @Test
    void warmUpFailureKeepsTheSchedulerNotReady() {
        backend.failure = new IllegalStateException("broken weights");
        scheduler = new BatchScheduler(backend, metrics, 100, 10);
        ModelReadinessIndicator indicator = new ModelReadinessIndicator(scheduler, backend.info());
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.warmUpFailure() != null);
        assertThat(scheduler.warmedUp()).isFalse();
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
        assertThat(indicator.health().getDetails()).containsEntry("warmUpFailure", "broken weights");
    }

    @Test
    void readinessTurnsUpOnlyAfterTheWarmUpPass() {
        backend.gate = new CountDownLatch(1);
        scheduler = new BatchScheduler(backend, metrics, 100, 10);
        ModelReadinessIndicator indicator = new ModelReadinessIndicator(scheduler, backend.info());
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.batchLengths.size() == 1);
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
        backend.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(scheduler::warmedUp);
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("UP");
    }

    // ------------------------------------------------------------------------------ runOnCallerWhenIdle

    private BatchScheduler startRunningOnCaller(int maxTokens, int maxRequests) {
        return started(new BatchScheduler(backend, metrics, maxTokens, maxRequests, new BatchScheduler.WarmUp(true, 0), true));
    }

    @Test
    void aRequestThatFindsTheModelIdleRunsItsBatchOnItsOwnThreadInOneCall() {
        startRunningOnCaller(1000, 100);
        List<CompletableFuture<float[]>> jobs = scheduler.embed(
                List.of(words(backend, 1), words(backend, 3), words(backend, 2)), true, metrics.queue("t"));
        assertThat(jobs).allMatch(CompletableFuture::isDone);
        assertThat(backend.threads).containsExactly(Thread.currentThread().getName());
        assertThat(backend.batchLengths).containsExactly(new int[] {3, 5, 4});
        assertThat(jobs.get(1).join()).hasSize(FakeBackend.HIDDEN);
        assertThat(scheduler.queueSize()).isZero();
        // Still idle afterwards: the next request runs on its thread too.
        assertThat(scheduler.embed(words(backend, 1), true, metrics.queue("t")).join()).hasSize(FakeBackend.HIDDEN);
        assertThat(backend.threads).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void aRequestThatFindsTheModelBusyQueuesAndTheInferenceThreadBatchesIt() throws Exception {
        startRunningOnCaller(1000, 100);
        backend.gate = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<float[]>> blocker = new CompletableFuture<>();
        Thread first = Thread.ofPlatform().name("first-request").start(
                () -> blocker.complete(scheduler.embed(words(backend, 1), true, metrics.queue("t"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.batchLengths.size() == 1);
        List<CompletableFuture<float[]>> queued = new ArrayList<>();
        queued.addAll(scheduler.embed(List.of(words(backend, 2), words(backend, 2)), true, metrics.queue("t")));
        queued.addAll(scheduler.embed(List.of(words(backend, 4)), true, metrics.queue("t")));
        assertThat(queued).noneMatch(CompletableFuture::isDone);
        assertThat(scheduler.queueSize()).isEqualTo(3);
        backend.gate.countDown();
        first.join();
        assertThat(blocker.join().join()).hasSize(FakeBackend.HIDDEN);
        queued.forEach(CompletableFuture::join);
        assertThat(backend.threads).containsExactly("first-request", "distilbertj-inference");
        assertThat(backend.batchLengths.get(1)).containsExactly(4, 4, 6);
    }

    @Test
    void jobsBeyondTheCallersFirstBatchAreLeftToTheInferenceThread() {
        startRunningOnCaller(1000, 2);
        List<CompletableFuture<float[]>> jobs = scheduler.embed(
                List.of(words(backend, 1), words(backend, 1), words(backend, 1), words(backend, 1), words(backend, 1)),
                true, metrics.queue("t"));
        jobs.forEach(CompletableFuture::join);
        assertThat(backend.threads.get(0)).isEqualTo(Thread.currentThread().getName());
        assertThat(backend.threads.subList(1, backend.threads.size())).containsOnly("distilbertj-inference");
        assertThat(backend.batchLengths).extracting(a -> a.length).containsExactly(2, 2, 1);
    }

    @Test
    void virtualThreadsAndTheModelsOwnWarmUpNeverRunOnTheCaller() throws Exception {
        backend.gate = new CountDownLatch(1);
        scheduler = new BatchScheduler(backend, metrics, 1000, 100, new BatchScheduler.WarmUp(true, 0), true);
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.batchLengths.size() == 1);
        // The readiness pass holds the model: a request queues instead of running beside it.
        CompletableFuture<float[]> early = scheduler.embed(words(backend, 1), true, metrics.queue("t"));
        assertThat(early).isNotDone();
        backend.gate.countDown();
        early.join();
        assertThat(backend.threads).containsOnly("distilbertj-inference");

        backend.threads.clear();
        Thread v = Thread.ofVirtual().start(() -> scheduler.embed(words(backend, 2), true, metrics.queue("t")).join());
        v.join();
        assertThat(backend.threads).containsExactly("distilbertj-inference");
    }

    @Test
    void closeWaitsForABatchRunningOnACaller() throws Exception {
        startRunningOnCaller(1000, 100);
        backend.gate = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<float[]>> running = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(
                () -> running.complete(scheduler.embed(words(backend, 1), true, metrics.queue("t"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.batchLengths.size() == 1);
        Thread closer = Thread.ofPlatform().start(scheduler::close);
        Thread.sleep(200);
        assertThat(closer.isAlive()).as("close waits for the caller's batch").isTrue();
        backend.gate.countDown();
        closer.join(10_000);
        caller.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(running.join().join()).hasSize(FakeBackend.HIDDEN);
        assertThatThrownBy(() -> scheduler.embed(words(backend, 1), true, metrics.queue("t")).join())
                .cause().isInstanceOf(ApiException.class).hasMessageContaining("shutting down");
    }
}
