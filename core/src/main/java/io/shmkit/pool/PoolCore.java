package io.shmkit.pool;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.shmkit.Segments;
import io.shmkit.codec.Codecs;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.process.ShmProcess;
import io.shmkit.process.ShmProcessBuilder;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;
import io.shmkit.transform.TransformControlCache;

/**
 * The machinery behind {@link Pool}: the result queue and its thread, the lifecycle (running, shut down, stopping,
 * terminated) and the accounting of tasks in flight. The workers are in {@link WorkerSlots}, dispatch in
 * {@link Dispatcher}.
 *
 * <p><b>Note:</b> thread-safe. A control thread (one daemon thread per pool) starts replacement workers, sends
 * retried tasks again and finishes a shut-down pool, so that the result thread never waits for a process or for room
 * in a request queue.
 */
final class PoolCore
{
    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int STOPPING = 2;
    static final int TERMINATED = 3;
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    final int workers;
    final int defaultChunk;
    final String name;
    final int retries;
    final WaitStrategy strategy;
    final Duration startTimeout;
    final TaskType.Registry types = new TaskType.Registry();
    final AtomicLong nextTaskId = new AtomicLong(1);
    final AtomicInteger state = new AtomicInteger(RUNNING);
    final WorkerSlots slots;
    final ResultThread reader;
    final ExecutorService control;
    final Dispatcher dispatcher;
    /** The control segments of the transforms run on the pool ({@link PoolTransforms}), unlinked at its end. */
    final TransformControlCache transformControls = new TransformControlCache();
    final ShmOptions shm;
    private final ShmQueue<byte[]> results;
    /** Which workers sleep on their wake channel ({@code P.wake}). */
    final WakeFlags wake;
    private final PoolProgress progress;
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final CountDownLatch terminated = new CountDownLatch(1);

    PoolCore(final PoolBuilder b)
    {
        workers = b.workers;
        defaultChunk = b.chunkSize;
        name = null == b.name ? SegmentNames.generate() : b.name;
        retries = b.retries;
        strategy = b.waitStrategy;
        startTimeout = b.startTimeout;
        progress = b.progress;
        shm = b.shm;
        final QueueOptions base = QueueOptions.defaults().withShm(shm).withWaitStrategy(strategy);
        final ShmProcessBuilder launcher = ShmProcess.builder().task(PoolWorker.class).fastStart(b.fastStart)
            .classDataArchive(b.classDataArchive).shmOptions(shm).heap(b.heap).jvmOptions(b.jvmOptions)
            .wakeChannel(true);
        if (null != b.initializer)
        {
            launcher.archivePreload(b.initializer);
        }
        results = ShmQueue.create(name + ".results", Codecs.bytes(),
            base.withCapacity(b.resultCapacity).withMaxProducers(Math.min(4096, 2 * workers + 8))
                .withExpectedProducers(4096));
        wake = WakeFlags.create(name + ".wake", workers, shm, results);
        reader = new ResultThread(this, results, strategy);
        control = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "shmkit-pool-control-" + name);
            t.setDaemon(true);
            return t;
        });
        dispatcher = new Dispatcher(this);
        slots = new WorkerSlots(this, b, launcher, base.withSingleProducer(true).withCapacity(b.requestCapacity),
            results.name());
        try
        {
            reader.start();
            slots.startAll();
        }
        catch (final RuntimeException | Error ex)
        {
            terminate();
            throw ex;
        }
    }

    /** Whether no task is in flight (the result thread may then sleep until new work wakes it). */
    boolean quiet()
    {
        return outstanding.get() == 0;
    }

    /**
     * Count a task as accepted.
     *
     * @throws RejectedExecutionException if the pool takes no more work.
     */
    void accept(final Pending p)
    {
        outstanding.incrementAndGet();
        if (state.get() != RUNNING)
        {
            settleCount();
            throw new RejectedExecutionException("the pool " + name + " is " + describeState() +
                ": it takes no new tasks");
        }
        submitted.addAndGet(p.count);
    }

    /** Complete a task: with its stored results if {@code failure} is null. Exactly once per accepted task. */
    void settle(final Pending p, final Throwable failure)
    {
        // NOTE: counted BEFORE the future completes, so that whoever sees it done sees it counted
        final long done = completed.addAndGet(p.count);
        if (null == failure)
        {
            p.complete();
        }
        else
        {
            p.future.completeExceptionally(failure);
        }
        if (null != progress)
        {
            try
            {
                progress.onProgress(done, submitted.get());
            }
            catch (final RuntimeException ex)
            {
                System.err.println("shmkit pool " + name + ": the progress listener threw " + ex);
            }
        }
        settleCount();
    }

    private void settleCount()
    {
        if (outstanding.decrementAndGet() == 0 && state.get() == SHUTDOWN)
        {
            control.execute(this::finish);
        }
    }

    long completed()
    {
        return completed.get();
    }

    long submitted()
    {
        return submitted.get();
    }

    String describeState()
    {
        switch (state.get())
        {
            case RUNNING:
                return "running";
            case SHUTDOWN:
                return "shut down (closed)";
            case STOPPING:
                return "stopping";
            default:
                return "terminated";
        }
    }

    /** No new work; the pool finishes once the accepted work is done. */
    void shutdown()
    {
        if (state.compareAndSet(RUNNING, SHUTDOWN) && outstanding.get() == 0)
        {
            control.execute(this::finish);
        }
    }

    /** Graceful end, on the control thread: STOP every worker, wait for them, release everything. */
    private void finish()
    {
        if (outstanding.get() != 0 || !state.compareAndSet(SHUTDOWN, STOPPING))
        {
            return;
        }
        for (final WorkerHandle h : slots.live())
        {
            if (h.retireForClose())
            {
                final PoolIdler idler = new PoolIdler(WaitStrategy.BACKOFF);
                final long deadline = System.nanoTime() + STOP_BOUND.toNanos();
                while (h.tryStop() == 0 && System.nanoTime() - deadline < 0)
                {
                    idler.idle();
                }
            }
        }
        slots.awaitNoneLive(System.nanoTime() + STOP_BOUND.toNanos());
        release();
    }

    /** Kill every worker now and cancel every task in flight; idempotent; waits until done. */
    void terminate()
    {
        final int before = state.getAndUpdate(s -> Math.max(s, STOPPING));
        if (before >= STOPPING)
        {
            if (before == STOPPING)
            {
                killAll(); // a graceful end (or another terminate) is under way: do not wait for workers to finish
            }
            if (!onReader())
            {
                awaitTerminated(); // the result thread must return to notice the deaths that end the pool
            }
            return;
        }
        release();
    }

    /**
     * Remove what a worker whose process has ended left in the segment root: the segments it created (its warm-up
     * queues, a task's own non-persistent segments) and files it was creating when it died. Never throws: the
     * pool's end or a replacement must not fail because the root could not be read.
     */
    void cleanAfter(final WorkerHandle h)
    {
        final ProcessIdentity worker = h.identity;
        if (null != worker)
        {
            try
            {
                Segments.cleanCreatedBy(worker, shm);
            }
            catch (final RuntimeException ex)
            {
                System.err.println("shmkit pool " + name + ": could not clean after " + h + ": " + ex);
            }
        }
    }

    private void killAll()
    {
        synchronized (slots) // NOTE: the lock of WorkerSlots.start: a worker being started is killed by it or here
        {
            for (final WorkerHandle h : slots.all())
            {
                if (null != h && null != h.process)
                {
                    h.process.kill();
                }
            }
        }
    }

    private void release()
    {
        killAll();
        final WorkerHandle[] all = slots.all();
        for (final WorkerHandle h : all)
        {
            if (null != h && null != h.process)
            {
                h.process.close();
                cleanAfter(h);
            }
        }
        // NOTE: on the result thread (a future's dependent action) the caller is inside a drain of the ring: it is
        // closed when the thread's run() returns, never here
        final boolean onReader = onReader();
        boolean readerEnded = false;
        if (onReader)
        {
            reader.finishAndClose();
        }
        else
        {
            reader.finish();
        }
        try
        {
            if (!onReader)
            {
                reader.join(TimeUnit.SECONDS.toMillis(10));
                readerEnded = !reader.isAlive();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final CancellationException cancelled = new CancellationException("the pool " + name + " was terminated");
        for (final WorkerHandle h : all)
        {
            if (null != h)
            {
                for (final Pending p : h.die())
                {
                    settle(p, cancelled);
                }
                h.closeQueue();
            }
        }
        transformControls.close();
        results.unlink();
        wake.unlink();
        wake.close();
        if (readerEnded)
        {
            results.close();
        }
        state.set(TERMINATED);
        control.shutdown();
        terminated.countDown();
        slots.ended();
    }

    /** Whether the caller is the result thread (a future's dependent action), which must never wait for the pool. */
    boolean onReader()
    {
        return Thread.currentThread() == reader;
    }

    /** The result thread failed (a defect): end the pool so that no future waits forever. */
    void onReaderFailure(final Throwable ex)
    {
        System.err.println("shmkit pool " + name + ": the result thread failed; terminating the pool");
        ex.printStackTrace(System.err);
        new Thread(this::terminate, "shmkit-pool-terminate-" + name).start();
    }

    boolean awaitTerminated(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        if (!isTerminated())
        {
            checkNotReader("wait for the pool's end");
        }
        return terminated.await(timeout, unit);
    }

    /**
     * Refuse a wait for results on the result thread (a dependent action of one of the pool's futures): the
     * results it would wait for are read by that very thread, so the wait could never end.
     *
     * @param what the call, for the message.
     * @throws IllegalStateException on the result thread.
     */
    void checkNotReader(final String what)
    {
        if (onReader())
        {
            throw new IllegalStateException("cannot " + what + " on the pool's result thread (" + reader.getName() +
                "), which runs the futures' dependent actions: it reads the results that wait needs, so it would " +
                "never end; wait on another thread (e.g. thenApplyAsync), or only shut the pool down here");
        }
    }

    private void awaitTerminated()
    {
        try
        {
            terminated.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    boolean isTerminated()
    {
        return state.get() == TERMINATED;
    }
}
