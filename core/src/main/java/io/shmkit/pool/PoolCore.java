package io.shmkit.pool;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.shmkit.codec.Codecs;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.process.ChildProcessException;
import io.shmkit.process.ShmProcess;
import io.shmkit.process.ShmProcessBuilder;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;
import io.shmkit.segment.ShmOptions;

/**
 * The machinery behind {@link Pool}: the worker slots and their handles, the result queue and its thread, the
 * lifecycle (running, shut down, stopping, terminated) and the accounting of tasks in flight. Dispatch is in
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
    private static final int MAX_FAILED_STARTS = 3;
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
    final AtomicReferenceArray<WorkerHandle> slots;
    final ResultThread reader;
    final ExecutorService control;
    final Dispatcher dispatcher;
    private final ShmQueue<byte[]> results;
    private final QueueOptions requestOptions;
    private final ShmProcessBuilder launcher;
    private final List<String> initArgs;
    private final String initializer;
    private final int maxTasksPerWorker;
    private final PoolProgress progress;
    private final CopyOnWriteArrayList<WorkerHandle> live = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextWorkerId = new AtomicInteger();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object changes = new Object();
    private final int[] failedStarts;
    private volatile WorkerHandle[] byId = new WorkerHandle[16];
    private volatile boolean started;

    PoolCore(final PoolBuilder b)
    {
        workers = b.workers;
        defaultChunk = b.chunkSize;
        name = null == b.name ? SegmentNames.generate() : b.name;
        retries = b.retries;
        strategy = b.waitStrategy;
        startTimeout = b.startTimeout;
        initializer = b.initializer;
        initArgs = List.copyOf(b.initializerArgs);
        maxTasksPerWorker = b.maxTasksPerWorker;
        progress = b.progress;
        slots = new AtomicReferenceArray<>(workers);
        failedStarts = new int[workers];
        final ShmOptions shm = b.shm;
        final QueueOptions base = QueueOptions.defaults().withShm(shm).withWaitStrategy(strategy);
        requestOptions = base.withSingleProducer(true).withCapacity(b.requestCapacity);
        launcher = ShmProcess.builder().task(PoolWorker.class).fastStart(b.fastStart)
            .classDataArchive(b.classDataArchive).shmOptions(shm).heap(b.heap).jvmOptions(b.jvmOptions);
        if (null != initializer)
        {
            launcher.archivePreload(initializer);
        }
        results = ShmQueue.create(name + ".results", Codecs.bytes(),
            base.withCapacity(b.resultCapacity).withMaxProducers(Math.min(4096, 2 * workers + 8))
                .withExpectedProducers(4096));
        reader = new ResultThread(this, results, strategy);
        control = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "shmkit-pool-control-" + name);
            t.setDaemon(true);
            return t;
        });
        dispatcher = new Dispatcher(this);
        try
        {
            reader.start();
            final WorkerHandle[] first = new WorkerHandle[workers];
            for (int i = 0; i < workers; i++)
            {
                first[i] = startWorker(i);
            }
            awaitReady(first);
            started = true;
        }
        catch (final RuntimeException | Error ex)
        {
            terminate();
            throw ex;
        }
    }

    private synchronized WorkerHandle startWorker(final int index)
    {
        final int id = nextWorkerId.getAndIncrement();
        final WorkerHandle h = new WorkerHandle(index, id,
            ShmQueue.create(name + ".w" + id, Codecs.bytes(), requestOptions), maxTasksPerWorker);
        if (id >= byId.length)
        {
            byId = Arrays.copyOf(byId, byId.length * 2);
        }
        byId[id] = h;
        try
        {
            h.process = launcher.name("pool-worker-" + index).args(PoolWorker.args(h.requests.name(), results.name(),
                id, index, strategy, initializer, initArgs)).start();
        }
        catch (final RuntimeException ex)
        {
            h.die();
            h.closeQueue();
            throw new PoolException("cannot start pool worker " + index + ": " + ex.getMessage(), ex);
        }
        h.pid = h.process.pid();
        slots.set(index, h);
        live.add(h);
        h.process.toHandle().onExit().thenRun(reader::noticeExit);
        return h;
    }

    private void awaitReady(final WorkerHandle[] first)
    {
        final long deadline = System.nanoTime() + startTimeout.toNanos();
        synchronized (changes)
        {
            while (true)
            {
                boolean all = true;
                for (final WorkerHandle h : first)
                {
                    if (h.isDead())
                    {
                        throw new PoolException("pool worker " + h.index + " (pid " + h.pid + ") did not start: " +
                            describeEnd(h));
                    }
                    all &= h.ready;
                }
                if (all)
                {
                    return;
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0)
                {
                    throw new PoolException("the pool's workers were not ready within " + startTimeout.toMillis() +
                        " ms (a slow machine? raise PoolBuilder.startTimeout)");
                }
                waitOn(left);
            }
        }
    }

    private void waitOn(final long nanos)
    {
        try
        {
            TimeUnit.NANOSECONDS.timedWait(changes, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while waiting for the pool's workers", ex);
        }
    }

    private static String describeEnd(final WorkerHandle h)
    {
        final String init = h.initFailure;
        final int code = h.process.exitCode().orElse(Integer.MIN_VALUE);
        return ChildProcessException.describeExitCode(code) +
            (null != init ? "\n" + init : "\n" + h.process.stderrTail());
    }

    WorkerHandle byId(final int id)
    {
        final WorkerHandle[] a = byId;
        return id >= 0 && id < a.length ? a[id] : null;
    }

    List<WorkerHandle> live()
    {
        return live;
    }

    void onReady(final WorkerHandle h)
    {
        synchronized (changes)
        {
            failedStarts[h.index] = 0;
            changes.notifyAll();
        }
    }

    /**
     * Called by the result thread when a worker's process has ended, after every result it wrote was read.
     */
    void onDeath(final WorkerHandle h)
    {
        live.remove(h);
        final boolean asked = h.stoppedCleanly();
        final List<Pending> held = h.die();
        final int code = h.process.exitCode().orElse(Integer.MIN_VALUE);
        for (final Pending p : held)
        {
            if (retries > 0 && p.pinned < 0 && p.attempts < retries && state.get() < STOPPING)
            {
                p.attempts++;
                p.reset();
                control.execute(() -> dispatcher.send(p, p.retained));
            }
            else if (state.get() >= STOPPING)
            {
                settle(p, new CancellationException("the pool " + name + " was terminated"));
            }
            else
            {
                settle(p, new WorkerDiedException(h.index, h.pid, code, describeDetail(h)));
            }
        }
        h.closeQueue();
        boolean replace = false;
        synchronized (changes)
        {
            if (!h.ready)
            {
                failedStarts[h.index]++;
            }
            replace = started && !(asked && code == 0) && state.get() < STOPPING && slots.get(h.index) == h &&
                failedStarts[h.index] < MAX_FAILED_STARTS;
            changes.notifyAll();
        }
        if (replace)
        {
            control.execute(() -> replace(h.index, h));
        }
    }

    private static String describeDetail(final WorkerHandle h)
    {
        final String init = h.initFailure;
        return null != init ? init : h.process.stderrTail();
    }

    /** Start a worker in slot {@code index} instead of {@code old} (dead or retiring); on the control thread. */
    void replace(final int index, final WorkerHandle old)
    {
        if (state.get() >= STOPPING || slots.get(index) != old)
        {
            return;
        }
        try
        {
            startWorker(index);
        }
        catch (final RuntimeException ex)
        {
            synchronized (changes)
            {
                failedStarts[index]++;
            }
            System.err.println("shmkit pool " + name + ": " + ex.getMessage());
        }
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
        if (null == failure)
        {
            p.complete();
        }
        else
        {
            p.future.completeExceptionally(failure);
        }
        final long done = completed.addAndGet(p.count);
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
        for (final WorkerHandle h : live)
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
        final long deadline = System.nanoTime() + STOP_BOUND.toNanos();
        synchronized (changes)
        {
            while (!live.isEmpty() && System.nanoTime() - deadline < 0)
            {
                try
                {
                    changes.wait(50);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        release();
    }

    /** Kill every worker now and cancel every task in flight; idempotent; waits until done. */
    void terminate()
    {
        final int before = state.getAndUpdate(s -> Math.max(s, STOPPING));
        if (before >= STOPPING)
        {
            awaitTerminated();
            return;
        }
        release();
    }

    private void release()
    {
        final WorkerHandle[] all = byId;
        for (final WorkerHandle h : all)
        {
            if (null != h && null != h.process)
            {
                h.process.kill();
            }
        }
        for (final WorkerHandle h : all)
        {
            if (null != h && null != h.process)
            {
                h.process.close();
            }
        }
        reader.finish();
        boolean readerEnded = Thread.currentThread() == reader;
        try
        {
            if (!readerEnded)
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
        live.clear();
        results.unlink();
        if (readerEnded)
        {
            results.close();
        }
        state.set(TERMINATED);
        control.shutdown();
        terminated.countDown();
        synchronized (changes)
        {
            changes.notifyAll();
        }
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
        return terminated.await(timeout, unit);
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
