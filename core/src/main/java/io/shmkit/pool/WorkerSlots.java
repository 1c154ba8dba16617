package io.shmkit.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.codec.Codecs;
import io.shmkit.process.ChildProcessException;
import io.shmkit.process.ShmProcessBuilder;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;

/**
 * A pool's W worker slots: starting a worker (its request queue, then its process), waiting for the first ones to
 * be ready, handling a worker's end (its held tasks failed or retried, its queue removed, a replacement started), and
 * the lookup of handles by the worker id the responses carry.
 *
 * <p><b>Note:</b> thread-safe: starting is serialised (the process builder is not thread-safe); {@link #onDeath} runs
 * on the result thread, replacements on the control thread; changes of readiness and liveness are announced on one
 * monitor.
 */
final class WorkerSlots
{
    private static final int MAX_FAILED_STARTS = 3;

    private final PoolCore core;
    private final AtomicReferenceArray<WorkerHandle> current;
    private final CopyOnWriteArrayList<WorkerHandle> live = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextWorkerId = new AtomicInteger();
    private final Object changes = new Object();
    private final int[] failedStarts;
    private final ShmProcessBuilder launcher;
    private final QueueOptions requestOptions;
    private final String resultsName;
    private final String initializer;
    private final List<String> initArgs;
    private final int maxTasksPerWorker;
    private final WorkerTable byId = new WorkerTable();
    private volatile boolean started;

    WorkerSlots(final PoolCore core, final PoolBuilder b, final ShmProcessBuilder launcher,
        final QueueOptions requestOptions, final String resultsName)
    {
        this.core = core;
        this.current = new AtomicReferenceArray<>(b.workers);
        this.failedStarts = new int[b.workers];
        this.launcher = launcher;
        this.requestOptions = requestOptions;
        this.resultsName = resultsName;
        this.initializer = b.initializer;
        this.initArgs = List.copyOf(b.initializerArgs);
        this.maxTasksPerWorker = b.maxTasksPerWorker;
    }

    /** The current handle of slot {@code index} (null before its first start). */
    WorkerHandle get(final int index)
    {
        return current.get(index);
    }

    /** Start the first worker of every slot and wait until all are ready. */
    void startAll()
    {
        final WorkerHandle[] first = new WorkerHandle[current.length()];
        for (int i = 0; i < first.length; i++)
        {
            first[i] = start(i);
        }
        awaitReady(first);
        started = true;
    }

    private synchronized WorkerHandle start(final int index)
    {
        final int id = nextWorkerId.getAndIncrement();
        final WorkerHandle h = new WorkerHandle(index, id,
            ShmQueue.create(core.name + ".w" + id, Codecs.bytes(), requestOptions), maxTasksPerWorker, core.wake);
        byId.put(h);
        try
        {
            h.process = launcher.name("pool-worker-" + index).args(PoolWorker.args(h.requests.name(), resultsName,
                core.wake.name(), id, index, core.strategy, initializer, initArgs)).start();
        }
        catch (final RuntimeException ex)
        {
            h.die();
            h.closeQueue();
            byId.forget(h);
            throw new PoolException("cannot start pool worker " + index + ": " + ex.getMessage(), ex);
        }
        h.pid = h.process.pid();
        h.identity = ProcessIdentity.of(h.pid);
        if (core.state.get() >= PoolCore.STOPPING)
        {
            // NOTE: terminate began while this worker was starting; it kills under this lock, so a worker started
            // late is killed here
            h.process.kill();
            h.process.close();
            h.die();
            h.closeQueue();
            throw new PoolException("the pool " + core.name + " is " + core.describeState() + ": worker " + index +
                " was not started");
        }
        current.set(index, h);
        live.add(h);
        core.reader.wake(); // its READY will come: the result thread must not be in its quiet park
        h.process.toHandle().onExit().thenRun(core.reader::noticeExit);
        return h;
    }

    private void awaitReady(final WorkerHandle[] first)
    {
        final long deadline = System.nanoTime() + core.startTimeout.toNanos();
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
                            ChildProcessException.describeExitCode(h.process.exitCode().orElse(Integer.MIN_VALUE)) +
                            "\n" + describeDetail(h));
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
                    throw new PoolException("the pool's workers were not ready within " +
                        core.startTimeout.toMillis() + " ms (a slow machine? raise PoolBuilder.startTimeout)");
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

    private static String describeDetail(final WorkerHandle h)
    {
        final String init = h.initFailure;
        return null != init ? init : h.process.stderrTail();
    }

    /** The handle of worker {@code id}, or null if there is none (never started, or forgotten after its death). */
    WorkerHandle byId(final int id)
    {
        return byId.get(id);
    }

    /** Every handle started and not forgotten (nulls in unused places). */
    WorkerHandle[] all()
    {
        return byId.all();
    }

    /** Whether every worker seen alive has reported ready (none is starting). */
    boolean allReady()
    {
        for (final WorkerHandle h : live)
        {
            if (!h.ready)
            {
                return false;
            }
        }
        return true;
    }

    /** The handles whose process has not been seen to end. */
    List<WorkerHandle> live()
    {
        return live;
    }

    /**
     * Wait until every process has been seen to end, at most until {@code deadline} ({@link System#nanoTime()}).
     */
    void awaitNoneLive(final long deadline)
    {
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
                    return;
                }
            }
        }
    }

    /** Forget the live handles and wake every waiter (the pool has ended). */
    void ended()
    {
        live.clear();
        synchronized (changes)
        {
            changes.notifyAll();
        }
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
     * Called by the result thread when a worker's process has ended, after every result it wrote was read: its held
     * tasks are retried or failed, its queue removed, and a replacement started unless its slot already has one or
     * the pool is stopping.
     */
    void onDeath(final WorkerHandle h)
    {
        live.remove(h);
        final List<Pending> held = h.die();
        final int code = h.process.exitCode().orElse(Integer.MIN_VALUE);
        final boolean stopping = core.state.get() >= PoolCore.STOPPING;
        final List<Pending> again = new ArrayList<>();
        for (final Pending p : held)
        {
            if (core.retries > 0 && p.pinned < 0 && p.attempts < core.retries && !stopping)
            {
                p.attempts++;
                p.reset();
                again.add(p);
            }
            else if (stopping)
            {
                core.settle(p, new CancellationException("the pool " + core.name + " was terminated"));
            }
            else
            {
                core.settle(p, new WorkerDiedException(h.index, h.pid, code, describeDetail(h)));
            }
        }
        h.closeQueue();
        core.cleanAfter(h);
        byId.forget(h); // its process, queue and stderr tail are not kept for the pool's life
        final boolean replace;
        synchronized (changes)
        {
            if (!h.ready)
            {
                failedStarts[h.index]++;
            }
            // NOTE: a worker retired as asked is replaced too if its slot has no other handle (that start failed)
            replace = started && !stopping && current.get(h.index) == h && failedStarts[h.index] < MAX_FAILED_STARTS;
            changes.notifyAll();
        }
        if (replace)
        {
            // NOTE: before the retries, which share the control thread and each wait for a worker to take them
            onControl(() -> replace(h.index, h), null);
        }
        for (final Pending p : again)
        {
            onControl(() -> core.dispatcher.send(p, p.retained), p);
        }
    }

    /**
     * Run {@code action} on the control thread. The pool may have been terminated since the caller looked, by a
     * dependent action of a task it settled (on this thread): then the control thread takes nothing more, and the
     * task to retry, which no worker holds (so the termination did not cancel it), is cancelled here.
     */
    private void onControl(final Runnable action, final Pending retry)
    {
        try
        {
            core.control.execute(action);
        }
        catch (final RejectedExecutionException ex)
        {
            if (null != retry)
            {
                core.settle(retry, new CancellationException("the pool " + core.name + " was terminated"));
            }
        }
    }

    /** Start a worker in slot {@code index} instead of {@code old} (dead or retiring); on the control thread. */
    void replace(final int index, final WorkerHandle old)
    {
        if (core.state.get() >= PoolCore.STOPPING || current.get(index) != old)
        {
            return;
        }
        try
        {
            start(index);
        }
        catch (final RuntimeException ex)
        {
            synchronized (changes)
            {
                failedStarts[index]++;
            }
            if (core.state.get() < PoolCore.STOPPING)
            {
                System.err.println("shmkit pool " + core.name + ": " + ex.getMessage());
            }
        }
    }
}
