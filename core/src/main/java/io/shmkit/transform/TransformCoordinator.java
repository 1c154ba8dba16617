package io.shmkit.transform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.process.ChildProcessException;

/**
 * The coordinating thread of a {@link TransformHandle}: starts the children (through the options'
 * {@link WorkerLauncher}: fresh child JVMs, or a pool's warm workers), watches them (they start their phase
 * themselves once all are ready; it starts it only if one ended before, and aborts it on a timeout), reaps them,
 * closes the {@link TransformControl} segments and only then publishes the outcome.
 *
 * <p><b>Note:</b> {@link #run()} runs on one thread; {@link #cancel()}, {@link #child}, {@link #progress()} and
 * {@link #result} may be used from any.
 */
final class TransformCoordinator implements Runnable
{
    /** First park of a poll loop; each further park doubles, up to the loop's cap. */
    private static final long POLL_MIN_NS = 50_000;
    /** Longest park while waiting for the start flag (the children normally set it themselves). */
    private static final long READY_POLL_MAX_NS = 1_000_000;
    /**
     * Longest park while waiting for the children to finish. The end is not polled for: the wait joins a child
     * still at work, which ends just after its worker wrote {@code END} (a fresh child's process exits; a pool's
     * task completes when the pool's result thread reads its result, at most about 3 % of the wait later: see the
     * pool's idler). The park bounds how late the progress and the death of another child are seen (the time limit
     * bounds it too). With at most 1 ms, a long transform woke this thread 1,000 times a second, each wake-up
     * taking a CPU from a worker where there are as many workers as CPUs.
     */
    private static final long DONE_POLL_MAX_NS = 10_000_000;
    /** How long the children may take to start themselves once all are ready before the parent starts them. */
    private static final long START_GRACE_NS = 200_000_000;
    private static final int NOT_READY = 0;
    private static final int ALL_READY = 1;
    private static final int SOME_ENDED = 2;
    /** Bound of the wait for the children to be reaped after an error, per child. */
    private static final Duration REAP_WAIT = Duration.ofSeconds(10);

    final SharedArray array;
    final TransformOp op;
    final WorkPlan plan;
    final TransformOptions options;
    final long total;
    /** Completed once the children are reaped and the segments gone. */
    final CompletableFuture<TransformResult> result = new CompletableFuture<>();
    private final TransformControl shared;
    /** Where {@link #shared} goes back once the children are reaped, or null: then it is unlinked. */
    private final TransformControlCache cache;
    /** Guarded by itself: written by the coordinating thread, read by any. */
    private final LaunchedWorker[] children;
    /** Heap copy of the shared progress counter, written by the coordinating thread only. */
    private volatile long progressSnapshot;
    private volatile long finalProgress = -1;
    private volatile boolean cancelled;
    /** Written and read by the coordinating thread only. */
    private boolean listenerFailed;
    /** The partition of the caller's part ({@link CallerPart}), the last; -1 if it has none. */
    private final int callerIndex;

    TransformCoordinator(
        final SharedArray array, final TransformOp op, final WorkPlan plan, final TransformOptions options,
        final TransformControl shared, final TransformControlCache cache)
    {
        this.array = array;
        this.op = op;
        this.plan = plan;
        this.options = options;
        this.shared = shared;
        this.cache = cache;
        long t = 0;
        for (final Partition p : plan.partitions())
        {
            t += p.length();
        }
        this.total = t;
        this.children = new LaunchedWorker[plan.workers()];
        this.callerIndex = CallerPart.applies(options, op) ? plan.workers() - 1 : -1;
    }

    /** Elements done so far: the final count once ended, else the last the coordinating thread read. */
    long progress()
    {
        final long f = finalProgress;
        return f >= 0 ? f : progressSnapshot;
    }

    /** Whether {@link #cancel()} was called (or the transform timed out). */
    boolean isCancelled()
    {
        return cancelled;
    }

    /** Kill the children started so far; children not yet started are not started. */
    void cancel()
    {
        cancelled = true;
        synchronized (children)
        {
            for (final LaunchedWorker c : children)
            {
                if (null != c)
                {
                    c.kill();
                }
            }
        }
    }

    /** The coordinating thread's body: start, watch and reap the children, then publish the outcome. */
    @Override
    public void run()
    {
        final SharedLongArray control = shared.control();
        final SharedLong progress = shared.progress();
        final List<Partition> partitions = plan.partitions();
        final long t0 = System.nanoTime();
        final long epochAtStart = TransformControl.epochNanos();
        final long deadline = t0 + TransformOptions.nanos(options.timeout()); // may wrap: compared by difference
        final int n = partitions.size();
        final ChildProcessException[] startFailures = new ChildProcessException[n];
        boolean timedOut = false;
        long startupNanos = 0;
        Object outcome;
        boolean reusable = false;
        try
        {
            for (final Partition p : partitions)
            {
                if (cancelled)
                {
                    break;
                }
                try
                {
                    final WorkerArgs args = WorkerArgs.of(array, op, plan, shared.name(), p.index(), options);
                    final LaunchedWorker c = p.index() == callerIndex ? CallerPart.start(this, shared, args) :
                        options.launcher().launch(new WorkerLaunch(array, plan, args, options));
                    synchronized (children)
                    {
                        children[p.index()] = c;
                    }
                }
                catch (final RuntimeException ex)
                {
                    // UncheckedIOException (a child JVM), RejectedExecutionException (a pool shut down), ...
                    startFailures[p.index()] = new ChildProcessException("cannot start the child of " + p + ": " +
                        ex.getMessage(), -1, ChildProcessException.NOT_ENDED, "");
                }
            }
            if (cancelled)
            {
                cancel();
            }
            // Start flag: the children set it themselves once all are ready and spinning (TransformStart). The
            // parent sets it when a child has ended before the start (killed, or never started), or as a fallback
            // when they have not started within START_GRACE_NS of all being ready; and aborts on a timeout.
            long park = POLL_MIN_NS;
            long allReadyAt = 0;
            while (shared.callSlot(TransformControl.GO_OFFSET) == TransformControl.GO_WAIT && !cancelled)
            {
                final long now = System.nanoTime();
                if (now - deadline > 0)
                {
                    timedOut = true;
                    break;
                }
                final int readiness = readiness();
                if (readiness == SOME_ENDED)
                {
                    break;
                }
                if (readiness == ALL_READY)
                {
                    if (0 == allReadyAt)
                    {
                        allReadyAt = now;
                    }
                    else if (now - allReadyAt > START_GRACE_NS)
                    {
                        break;
                    }
                }
                LockSupport.parkNanos(park);
                Thread.interrupted(); // the library's own thread: an interrupt means nothing, and would make parks spin
                park = Math.min(park * 2, READY_POLL_MAX_NS);
            }
            // A child may win the race with an abort: then the phase has begun, and the timeout below kills the
            // children mid-stripe; TransformOutcome reports exactly what each did, from the control slots.
            // a cancel before the start aborts it too: the caller's part, which is not killed, then ends at once
            TransformStart.tryStart(control, timedOut || cancelled ? TransformControl.GO_ABORT :
                TransformControl.GO_WORK);
            final long goTime = shared.callSlot(TransformControl.GO_TIME_OFFSET);
            // to the start flag's own time when it has one: the parent notices it up to a poll later
            startupNanos = 0 != goTime ? Math.max(0, goTime - epochAtStart) : System.nanoTime() - t0;
            long nextReport = System.nanoTime();
            park = POLL_MIN_NS;
            LaunchedWorker running;
            while (!timedOut && null != (running = runningChild()))
            {
                final long now = System.nanoTime();
                if (now - deadline > 0)
                {
                    timedOut = true;
                    break;
                }
                progressSnapshot = progress.get();
                if (now - nextReport >= 0)
                {
                    report(progressSnapshot);
                    nextReport = now + options.progressInterval().toNanos();
                }
                awaitEnd(running, Math.max(1, Math.min(park, Math.min(nextReport - now, deadline - now))));
                park = Math.min(park * 2, DONE_POLL_MAX_NS);
            }
            if (timedOut)
            {
                cancel();
            }
            joinAll();
            finalProgress = progress.get();
            report(finalProgress);
            outcome = TransformOutcome.of(this, shared, startFailures, t0, startupNanos, timedOut);
            reusable = outcome instanceof TransformResult;
        }
        catch (final Throwable ex)
        {
            cancel();
            outcome = ex;
        }
        finally
        {
            // An exception before the start leaves GO unmoved: aborted, so that no worker waits for it (the caller's
            // part, which is not killed, would wait until its time limit). A no-op once GO has moved.
            TransformStart.tryStart(control, TransformControl.GO_ABORT);
            // Every path reaps the children before the segments go and the result is published: await() never
            // returns while a child of this transform is alive.
            reapAll();
            if (finalProgress < 0)
            {
                finalProgress = progress.get();
            }
            if (null == cache)
            {
                shared.close();
            }
            else
            {
                cache.giveBack(shared, reusable);
            }
        }
        // Completed only after the control segments are gone, so a caller that returns from await() sees none.
        if (outcome instanceof TransformResult)
        {
            result.complete((TransformResult)outcome);
        }
        else
        {
            result.completeExceptionally((Throwable)outcome);
        }
    }

    /**
     * {@link #SOME_ENDED} if a child has ended (or was never started), else {@link #ALL_READY} if every child is
     * ready, else {@link #NOT_READY}.
     */
    private int readiness()
    {
        int result = ALL_READY;
        for (final Partition p : plan.partitions())
        {
            final LaunchedWorker c = child(p.index());
            if (null == c || !c.isAlive())
            {
                return SOME_ENDED;
            }
            if (shared.workerSlot(p.index(), TransformControl.READY_OFFSET) == 0)
            {
                result = NOT_READY;
            }
        }
        return result;
    }

    /**
     * A child still at work: alive and its worker's {@code END} not written (a dead child, or a failed task, never
     * writes it); null when none is.
     */
    private LaunchedWorker runningChild()
    {
        for (final Partition p : plan.partitions())
        {
            final LaunchedWorker c = child(p.index());
            if (null != c && c.isAlive() && shared.workerSlot(p.index(), TransformControl.END_OFFSET) == 0)
            {
                return c;
            }
        }
        return null;
    }

    /**
     * Wait up to {@code nanos} for {@code child}, still at work, to end: a pool's task or a child process ends just
     * after its worker wrote {@code END}, so the last one is noticed at once rather than a poll later. An interrupt
     * ends the wait and is dropped: the coordinator runs on the library's own thread, where it means nothing, and a
     * kept flag would make every later wait return at once (a busy poll until the deadline).
     */
    private static void awaitEnd(final LaunchedWorker child, final long nanos)
    {
        try
        {
            child.join(Duration.ofNanos(nanos));
        }
        catch (final InterruptedException ex)
        {
            // dropped (see above); the loop looks again
        }
    }

    /** The worker of partition {@code index}, or null if not (yet) started. */
    LaunchedWorker child(final int index)
    {
        synchronized (children)
        {
            return children[index];
        }
    }

    /**
     * Call the progress listener; a listener that throws does not stop the transform (its children keep working
     * and are waited for as usual): it is not called again, and its exception goes to this thread's uncaught
     * exception handler.
     */
    private void report(final long done)
    {
        if (listenerFailed)
        {
            return;
        }
        try
        {
            options.progressListener().accept(done);
        }
        catch (final RuntimeException | Error ex)
        {
            listenerFailed = true;
            final Thread t = Thread.currentThread();
            try
            {
                t.getUncaughtExceptionHandler().uncaughtException(t, ex);
            }
            catch (final RuntimeException ignore)
            {
                // the handler failed too: nothing more to do
            }
        }
    }

    /** {@link #joinAll()} that cannot be interrupted (the interrupt is kept) nor throw. */
    private void reapAll()
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                joinAll();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
            catch (final RuntimeException ex)
            {
                cancel();
                break;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Join every worker: the caller's part first (once stopped it ends within its unit, and nothing of the call
     * may be let go while it runs), then the others, a child not ended within {@link #REAP_WAIT} killed. A
     * launcher's worker whose join fails is killed and the others are still joined; the first such failure is
     * thrown at the end.
     */
    private void joinAll() throws InterruptedException
    {
        final CallerPart caller = callerPart();
        if (null != caller && !caller.join(REAP_WAIT))
        {
            caller.kill();
            caller.awaitEnd();
        }
        RuntimeException failed = null;
        for (final Partition p : plan.partitions())
        {
            final LaunchedWorker c = child(p.index());
            if (null == c || c == caller)
            {
                continue;
            }
            try
            {
                // Children that finished their partition exit promptly; a killed child is reaped at once.
                if (!c.join(REAP_WAIT))
                {
                    c.kill();
                    c.join(REAP_WAIT);
                }
            }
            catch (final RuntimeException ex)
            {
                c.kill();
                failed = null == failed ? ex : failed;
            }
        }
        if (null != failed)
        {
            throw failed;
        }
    }

    /** The caller's part, if this transform has one and it was started; else null. */
    CallerPart callerPart()
    {
        return callerIndex < 0 ? null : (CallerPart)child(callerIndex);
    }
}
