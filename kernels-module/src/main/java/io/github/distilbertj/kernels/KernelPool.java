package io.github.distilbertj.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Owns the worker threads every parallel kernel runs on, and the {@link KernelTuning} the kernels use on them.
 * threads >= 1 (1 = caller only).
 *
 * <p>Workers are persistent: after a job they spin for the tuning's {@code spinNanos} (so the back-to-back
 * kernels of one forward pass find them awake) and then park, so an idle pool never steals a core. The calling
 * thread always takes a share of the tasks. One job runs at a time: if another caller thread already
 * owns the workers, the newcomer runs all of its tasks itself, so concurrent callers (and kernels called
 * from inside a task) are safe and never deadlock.
 */
public final class KernelPool implements AutoCloseable {
    private final int threads;
    private final KernelTuning tuning;
    /** How long an idle worker (or a waiting caller) keeps polling before it parks. */
    private final long spinNanos;
    private final Worker[] workers;
    private final ReentrantLock owner = new ReentrantLock();
    private volatile Job job;
    private volatile boolean closed;
    // Written only by the thread that owns the workers (under `owner`), read by stats(): imbalance and hand-off.
    private long parallelJobs;
    private long callerWaitNanos;

    public KernelPool(int threads) {
        this(threads, KernelTuning.DEFAULTS);
    }

    public KernelPool(int threads, KernelTuning tuning) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (tuning == null) {
            throw new IllegalArgumentException("tuning must not be null");
        }
        this.threads = threads;
        this.tuning = tuning;
        this.spinNanos = tuning.spinNanos();
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("distilbertj-kernel-" + (i + 1), i + 1);
            workers[i].start();
        }
    }

    public static KernelPool ofAvailableProcessors() {
        return new KernelPool(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /**
     * Counters since the pool was made: parallel jobs handed to the workers, and the total time the calling
     * thread spent waiting for them after finishing its own share (load imbalance plus hand-off latency).
     */
    public Stats stats() {
        owner.lock();
        try {
            return new Stats(parallelJobs, callerWaitNanos);
        } finally {
            owner.unlock();
        }
    }

    /** See {@link #stats()}. */
    public record Stats(long parallelJobs, long callerWaitNanos) {
    }

    /** The blocking and threading parameters the kernels use on this pool. */
    public KernelTuning tuning() {
        return tuning;
    }

    /**
     * Runs {@code body.accept(i)} for every i in [0, tasks), spread over the caller and the workers, and
     * returns when all are done. The first exception thrown by a task is rethrown here.
     */
    public void parallelFor(int tasks, IntConsumer body) {
        ensureOpen();
        if (body == null) {
            throw new IllegalArgumentException("body must not be null");
        }
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must be >= 0, got " + tasks);
        }
        if (tasks == 0) {
            return;
        }
        if (tasks == 1 || workers.length == 0 || !owner.tryLock()) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        try {
            Job j = new Job(body, tasks, threads, spinNanos);
            job = j;
            for (Worker w : workers) {
                if (w.sleeping) {
                    LockSupport.unpark(w);
                }
            }
            j.run(0);
            long waitStart = System.nanoTime();
            j.awaitDone();
            callerWaitNanos += System.nanoTime() - waitStart;
            parallelJobs++;
            job = null;
            j.rethrow();
        } finally {
            owner.unlock();
        }
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("KernelPool is closed");
        }
    }

    /** Idempotent: stops and joins the workers; kernels called afterwards throw IllegalStateException. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
        boolean interrupted = false;
        for (Worker w : workers) {
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "KernelPool[threads=" + threads + ", " + tuning + (closed ? ", closed" : "") + "]";
    }

    /**
     * One parallelFor. Thread t of T (the caller is 0, worker w is w + 1) first runs its own contiguous share
     * [t*tasks/T, (t+1)*tasks/T) in order, then takes what is left of the others' shares from their far ends. The
     * kernels of a forward pass split the same rows the same way (LayerNorm, the GEMMs over M), so a thread's rows
     * of one op's output are mostly the rows it reads in the next, from its own cache: with a shared counter the
     * rows a thread got were random, and a 433x1152x384 GEMM whose A the other core had just written ran 4-9%
     * slower (kernels README, *Rows stay on their core*). Stealing keeps the balance when a thread falls behind.
     */
    private static final class Job {
        final IntConsumer body;
        final int tasks;
        final int parties;
        final AtomicIntegerArray taken;
        final AtomicInteger pending;
        final long spinNanos;
        volatile Throwable error;
        volatile Thread waiter;

        Job(IntConsumer body, int tasks, int parties, long spinNanos) {
            this.body = body;
            this.tasks = tasks;
            this.parties = parties;
            this.taken = new AtomicIntegerArray(tasks);
            this.spinNanos = spinNanos;
            this.pending = new AtomicInteger(tasks);
        }

        void run(int self) {
            int lo = (int) ((long) tasks * self / parties);
            int hi = (int) ((long) tasks * (self + 1) / parties);
            for (int i = lo; i < hi; i++) {
                runIfUntaken(i);
            }
            // The others' shares, each from its end: their owners work upwards from their starts.
            for (int d = 1; d <= tasks - (hi - lo); d++) {
                runIfUntaken(Math.floorMod(lo - d, tasks));
            }
        }

        /** Runs task i unless another thread has taken it (the plain read spares a write to a taken flag). */
        private void runIfUntaken(int i) {
            if (taken.get(i) != 0 || taken.getAndSet(i, 1) != 0) {
                return;
            }
            try {
                body.accept(i);
            } catch (Throwable t) {
                if (error == null) {
                    error = t;
                }
            } finally {
                if (pending.decrementAndGet() == 0) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }

        void awaitDone() {
            // The remaining tasks are already running on other cores, so spin briefly; then block, so a
            // waiting caller never competes for a core with the very worker it waits for (which turned
            // a 20 ms GEMM into seconds when another process kept the second core busy).
            long start = System.nanoTime();
            while (pending.get() > 0) {
                if (System.nanoTime() - start < spinNanos) {
                    Thread.onSpinWait();
                } else {
                    waiter = Thread.currentThread();
                    while (pending.get() > 0) {
                        LockSupport.park(this);
                    }
                    return;
                }
            }
        }

        void rethrow() {
            Throwable t = error;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("kernel task failed", t);
            }
        }
    }

    private final class Worker extends Thread {
        /** This worker's place among the job's parties (the caller is 0). */
        final int self;
        volatile boolean sleeping;

        Worker(String name, int self) {
            super(name);
            this.self = self;
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            long idleSince = System.nanoTime();
            while (!closed) {
                Job j = job;
                if (j != null && j != last) {
                    last = j;
                    j.run(self);
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < spinNanos) {
                    Thread.onSpinWait();
                } else {
                    sleeping = true;
                    // Re-check after announcing: a submitter that missed the flag has published its job first.
                    Job again = job;
                    if ((again == null || again == last) && !closed) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
