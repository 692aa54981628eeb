package io.github.distilbertj.api.scheduling;

import io.github.distilbertj.api.config.ModelPreloader;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.metrics.ApiMetrics;

import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching in the manner of Text Embeddings Inference: request threads enqueue one job
 * per tokenized input; one dedicated inference thread takes the oldest job and as many
 * following jobs of the same task as fit in {@code maxBatchTokens} (sum of lengths) and
 * {@code maxBatchRequests}, runs them through the model in one call (the encoder sorts them by
 * length and splits them into as many padded forward passes as pay off), and completes each job's
 * future. While a batch runs, new jobs pile up and form the next batch, so batches grow with
 * load and no job waits for a timer.
 *
 * <p>One batch runs at a time, so the model's own kernel pool has the cores to itself. It runs on
 * the inference thread, or, when a request finds the model idle and {@code runOnCallerWhenIdle} is
 * set, on the request's own thread (which saves the two hand-offs a lone request would pay).
 */
public final class BatchScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchScheduler.class);

    /** What a job asks of the model; a batch holds jobs of one task only. */
    enum Task {
        ENCODE("encode"), CLASSIFY("classify"), FILL_MASK("fill_mask"), SPARSE("sparse");

        final String tag;

        Task(String tag) {
            this.tag = tag;
        }
    }

    private record Job(Task task, int[] ids, int[] typeIds, int[] positions, boolean pool, boolean normalize,
                       Timer queueTimer, long enqueuedNanos, CompletableFuture<Object> result) {
    }

    private final InferenceBackend backend;
    private final ApiMetrics metrics;
    private final int maxBatchTokens;
    private final int maxBatchRequests;
    private final WarmUp warmUpPlan;
    /** Idle warm-up passes may run until this nanoTime; 0 until {@link #startIdleWarmUp}. */
    private volatile long idleUntilNanos;
    private int idlePasses;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when jobs arrive or the model is released; only the inference thread waits on it. */
    private final Condition notEmpty = lock.newCondition();
    private final Condition released = lock.newCondition();
    /**
     * True while a batch or warm-up pass runs, on whichever thread (guarded by {@code lock}); true from the
     * start until the inference thread has run its readiness pass, so no caller runs the model before it.
     */
    private boolean executing = true;
    /** True while a request thread runs a batch itself; close() waits for it. */
    private boolean callerExecuting;
    private final boolean runOnCallerWhenIdle;
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean warmedUp;
    private volatile Throwable warmUpFailure;

    /**
     * What warms the model up besides requests.
     *
     * @param readinessPass run one pass before readiness turns UP; false only when the model has
     *                      already run one (the {@link ModelPreloader}'s), since that is what readiness needs
     * @param idleNanos     how long after {@link #startIdleWarmUp} the inference thread keeps running
     *                      short warm-up passes whenever the queue is empty (0: never), see {@link Warmup}
     */
    public record WarmUp(boolean readinessPass, long idleNanos) {

        static final WarmUp READINESS_PASS_ONLY = new WarmUp(true, 0);

        public WarmUp {
            if (idleNanos < 0) {
                throw new IllegalArgumentException("idleNanos must be >= 0, got " + idleNanos);
            }
        }
    }

    /**
     * A scheduler that runs one warm-up pass before readiness and no idle ones; only its inference thread runs
     * the model.
     */
    public BatchScheduler(InferenceBackend backend, ApiMetrics metrics, int maxBatchTokens, int maxBatchRequests) {
        this(backend, metrics, maxBatchTokens, maxBatchRequests, WarmUp.READINESS_PASS_ONLY, false);
    }

    /**
     * @param runOnCallerWhenIdle a request that finds the model idle runs its own batch on its thread (see
     *                            {@link #submitAll}); false: every batch runs on the inference thread
     */
    public BatchScheduler(InferenceBackend backend, ApiMetrics metrics, int maxBatchTokens, int maxBatchRequests,
                   WarmUp warmUp, boolean runOnCallerWhenIdle) {
        this.runOnCallerWhenIdle = runOnCallerWhenIdle;
        if (maxBatchTokens < 1 || maxBatchRequests < 1) {
            throw new IllegalArgumentException("maxBatchTokens and maxBatchRequests must be >= 1");
        }
        this.warmUpPlan = java.util.Objects.requireNonNull(warmUp, "warmUp");
        this.backend = backend;
        this.metrics = metrics;
        this.maxBatchTokens = maxBatchTokens;
        this.maxBatchRequests = maxBatchRequests;
        metrics.gauge(ApiMetrics.QUEUE_SIZE, "Inputs waiting in the batching queue", queued::get);
        this.thread = Thread.ofPlatform().name("distilbertj-inference").daemon(false).unstarted(this::run);
    }

    /** Starts the inference thread; unless the plan says otherwise, it runs one warm-up pass before taking jobs. */
    public void start() {
        thread.start();
    }

    /** True once the warm-up forward pass has run. */
    public boolean warmedUp() {
        return warmedUp;
    }

    /** Why the warm-up failed, or null. */
    public Throwable warmUpFailure() {
        return warmUpFailure;
    }

    public int queueSize() {
        return queued.get();
    }

    /** Pooled (and, if asked, L2-normalised) embedding of one sequence. */
    public CompletableFuture<float[]> embed(Tokens t, boolean normalize, Timer queueTimer) {
        return embed(List.of(t), normalize, queueTimer).get(0);
    }

    /** Pooled embeddings of one request's sequences, queued together (see {@link #submitAll}). */
    public List<CompletableFuture<float[]>> embed(List<Tokens> ts, boolean normalize, Timer queueTimer) {
        return submitAll(Task.ENCODE, ts, null, true, normalize, queueTimer);
    }

    /** Last hidden state [length][hidden] of one sequence. */
    public CompletableFuture<float[][]> hiddenStates(Tokens t, Timer queueTimer) {
        return hiddenStates(List.of(t), queueTimer).get(0);
    }

    /** Last hidden states of one request's sequences, queued together. */
    public List<CompletableFuture<float[][]>> hiddenStates(List<Tokens> ts, Timer queueTimer) {
        return submitAll(Task.ENCODE, ts, null, false, false, queueTimer);
    }

    /** Classifier logits of one sequence. */
    public CompletableFuture<float[]> classify(Tokens t, Timer queueTimer) {
        return classify(List.of(t), queueTimer).get(0);
    }

    /** Classifier logits of one request's sequences, queued together. */
    public List<CompletableFuture<float[]>> classify(List<Tokens> ts, Timer queueTimer) {
        return submitAll(Task.CLASSIFY, ts, null, false, false, queueTimer);
    }

    /** Masked-LM logits [position][vocab] at the given positions of one sequence. */
    public CompletableFuture<float[][]> fillMask(Tokens t, int[] positions, Timer queueTimer) {
        return fillMask(List.of(t), List.of(positions), queueTimer).get(0);
    }

    /** Masked-LM logits of one request's sequences, each at its own positions, queued together. */
    public List<CompletableFuture<float[][]>> fillMask(List<Tokens> ts, List<int[]> positions, Timer queueTimer) {
        if (positions.size() != ts.size()) {
            throw new IllegalArgumentException(ts.size() + " sequences but " + positions.size() + " position lists");
        }
        return submitAll(Task.FILL_MASK, ts, positions, false, false, queueTimer);
    }

    /** SPLADE weights [vocab] of one sequence (see {@link InferenceBackend#splade}). */
    public CompletableFuture<float[]> sparse(Tokens t, Timer queueTimer) {
        return sparse(List.of(t), queueTimer).get(0);
    }

    /** SPLADE weights of one request's sequences, queued together. */
    public List<CompletableFuture<float[]>> sparse(List<Tokens> ts, Timer queueTimer) {
        return submitAll(Task.SPARSE, ts, null, false, false, queueTimer);
    }

    /**
     * Queues one request's jobs back to back. When the model is idle (nothing queued, no batch running) and
     * {@code runOnCallerWhenIdle} is set, the calling thread takes the first batch of them itself and runs it
     * before returning: a lone request then skips two thread hand-offs (to the inference thread and back,
     * ~75 us measured), and under load nothing changes, since the model is busy and jobs queue as before.
     * Jobs beyond that batch's limits are left to the inference thread.
     */
    @SuppressWarnings("unchecked")
    private <T> List<CompletableFuture<T>> submitAll(Task task, List<Tokens> ts, List<int[]> positions,
                                                    boolean pool, boolean normalize, Timer queueTimer) {
        List<Job> jobs = new ArrayList<>(ts.size());
        List<CompletableFuture<T>> futures = new ArrayList<>(ts.size());
        long now = System.nanoTime();
        for (int i = 0; i < ts.size(); i++) {
            Tokens t = ts.get(i);
            CompletableFuture<Object> future = new CompletableFuture<>();
            jobs.add(new Job(task, t.ids(), t.typeIds(), positions == null ? null : positions.get(i), pool, normalize,
                    queueTimer, now, future));
            futures.add((CompletableFuture<T>) (CompletableFuture<?>) future);
        }
        List<Job> mine = null;
        lock.lock();
        try {
            if (!running) {
                ApiException shutdown = new ApiException(ErrorType.UNHEALTHY, "the server is shutting down");
                jobs.forEach(j -> j.result.completeExceptionally(shutdown));
                return futures;
            }
            // Not on a virtual thread (gRPC streams): it would hold one of the few carrier threads through the
            // whole forward pass, and the stream's other messages tokenize on those.
            boolean claim = runOnCallerWhenIdle && !executing && queue.isEmpty() && !Thread.currentThread().isVirtual();
            queue.addAll(jobs);
            queued.addAndGet(jobs.size());
            if (claim) {
                executing = true;
                callerExecuting = true;
                mine = new ArrayList<>(Math.min(jobs.size(), maxBatchRequests));
                pollBatch(mine);
            } else {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (mine != null) {
            try {
                execute(mine);
            } finally {
                release();
            }
        }
        return futures;
    }

    /** Ends a batch (or warm-up pass): the next one may start, on the inference thread or a caller. */
    private void release() {
        lock.lock();
        try {
            executing = false;
            callerExecuting = false;
            // The inference thread waits for the model too, not only for jobs.
            notEmpty.signal();
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the inference thread run idle warm-up passes from now on, for the plan's idle time (call
     * once the application serves: before, they would compete with the rest of start-up).
     */
    public void startIdleWarmUp() {
        if (warmUpPlan.idleNanos() == 0) {
            return;
        }
        lock.lock();
        try {
            idleUntilNanos = System.nanoTime() + warmUpPlan.idleNanos();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        boolean ready = !warmUpPlan.readinessPass() || warmUp();
        release();
        // After release: a caller that sees readiness may find the model idle.
        warmedUp = ready;
        List<Job> batch = new ArrayList<>(maxBatchRequests);
        boolean idleLogged = false;
        while (true) {
            batch.clear();
            if (!idleLogged && idlePasses > 0 && !idleWarmUpDue()) {
                idleLogged = true;
                log.info("model idle warm-up: {} pass(es) between requests after start-up", idlePasses);
            }
            switch (takeBatch(batch)) {
                case CLOSED -> {
                    return;
                }
                case NOTHING -> {
                    idlePasses++;
                    try {
                        if (!idleWarmUp()) {
                            idleUntilNanos = 0;
                        }
                    } finally {
                        release();
                    }
                }
                case BATCH -> {
                    try {
                        execute(batch);
                    } finally {
                        release();
                    }
                }
            }
        }
    }

    /** Inference thread only. */
    private boolean idleWarmUpDue() {
        long until = idleUntilNanos;
        return warmedUp && until != 0 && idlePasses < Warmup.MAX_PASSES && System.nanoTime() < until;
    }

    /** One idle warm-up pass (one sentence); false if it failed. */
    private boolean idleWarmUp() {
        try {
            Warmup.pass(backend, 1);
            return true;
        } catch (RuntimeException | Error e) {
            log.warn("model idle warm-up pass failed; no more of them", e);
            return false;
        }
    }

    /** The readiness pass; false if it failed. */
    private boolean warmUp() {
        try {
            long start = System.nanoTime();
            int passes = Warmup.run(backend, 0);
            log.info("model warm-up: {} forward pass(es) in {} ms", passes, (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (RuntimeException | Error e) {
            warmUpFailure = e;
            log.error("model warm-up failed; readiness stays DOWN", e);
            return false;
        }
    }

    private enum Taken { BATCH, NOTHING, CLOSED }

    /**
     * The next batch; NOTHING when the queue is empty and an idle warm-up pass is due instead; CLOSED once closed.
     * BATCH and NOTHING hold the model ({@code executing}) until {@link #release}.
     */
    private Taken takeBatch(List<Job> batch) {
        lock.lock();
        try {
            while (queue.isEmpty() || executing) {
                if (!running && queue.isEmpty()) {
                    return Taken.CLOSED;
                }
                if (!executing && idleWarmUpDue()) {
                    executing = true;
                    return Taken.NOTHING;
                }
                notEmpty.awaitUninterruptibly();
            }
            executing = true;
            pollBatch(batch);
            return Taken.BATCH;
        } finally {
            lock.unlock();
        }
    }

    /** Moves the oldest job and as many following ones of its task as fit into {@code batch}; under lock. */
    private void pollBatch(List<Job> batch) {
        Job first = queue.pollFirst();
        batch.add(first);
        int tokens = first.ids.length;
        while (batch.size() < maxBatchRequests) {
            Job next = queue.peekFirst();
            if (next == null || next.task != first.task || tokens + next.ids.length > maxBatchTokens) {
                break;
            }
            queue.pollFirst();
            batch.add(next);
            tokens += next.ids.length;
        }
        queued.addAndGet(-batch.size());
    }

    private void execute(List<Job> batch) {
        long start = System.nanoTime();
        int n = batch.size();
        int[][] ids = new int[n][];
        int[][] types = new int[n][];
        int tokens = 0;
        for (int i = 0; i < n; i++) {
            Job j = batch.get(i);
            j.queueTimer.record(start - j.enqueuedNanos, TimeUnit.NANOSECONDS);
            ids[i] = j.ids;
            types[i] = j.typeIds;
            tokens += j.ids.length;
        }
        Task task = batch.get(0).task;
        metrics.batchSize(task.tag).record(n);
        metrics.batchTokens(task.tag).record(tokens);
        Object[] results = new Object[n];
        long poolNanos = 0;
        try {
            // One call: the encoder sorts the batch by length and runs it as as many padded passes as pay off.
            switch (task) {
                case ENCODE -> {
                    float[][][] hidden = backend.forward(ids, types);
                    long poolStart = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        Job j = batch.get(i);
                        results[i] = j.pool ? backend.pool(hidden[i], j.normalize) : hidden[i];
                    }
                    poolNanos = System.nanoTime() - poolStart;
                }
                case CLASSIFY -> System.arraycopy(backend.classify(ids, types), 0, results, 0, n);
                case SPARSE -> System.arraycopy(backend.splade(ids), 0, results, 0, n);
                case FILL_MASK -> {
                    int[][] positions = new int[n][];
                    for (int i = 0; i < n; i++) {
                        positions[i] = batch.get(i).positions;
                    }
                    System.arraycopy(backend.maskedLm(ids, positions), 0, results, 0, n);
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("batch of {} {} jobs ({} tokens) failed", n, task.tag, tokens, e);
            ApiException failure = new ApiException(ErrorType.BACKEND, "inference failed: " + e.getMessage());
            for (Job j : batch) {
                j.result.completeExceptionally(failure);
            }
            return;
        }
        metrics.inference(task.tag).record(System.nanoTime() - start - poolNanos, TimeUnit.NANOSECONDS);
        if (task == Task.ENCODE) {
            metrics.pooling(task.tag).record(poolNanos, TimeUnit.NANOSECONDS);
        }
        for (int i = 0; i < n; i++) {
            batch.get(i).result.complete(results[i]);
        }
    }

    /** Stops taking jobs, fails the queued ones and waits for the running batch (on either thread). */
    @Override
    public void close() {
        List<Job> abandoned;
        lock.lock();
        try {
            running = false;
            abandoned = new ArrayList<>(queue);
            queue.clear();
            queued.set(0);
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        ApiException shutdown = new ApiException(ErrorType.UNHEALTHY, "the server is shutting down");
        for (Job j : abandoned) {
            j.result.completeExceptionally(shutdown);
        }
        try {
            thread.join(30_000);
            lock.lock();
            try {
                long left = TimeUnit.SECONDS.toNanos(30);
                while (callerExecuting && left > 0) {
                    left = released.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
