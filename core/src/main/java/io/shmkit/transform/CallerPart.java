package io.shmkit.transform;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.shmkit.SharedArray;
import io.shmkit.process.ChildProcessException;

/**
 * The caller's part of a transform ({@link WorkerLauncher#callerPart()}): one more worker, run in the calling
 * process on a thread of its own, over the array as the caller holds it. Its pages are those the caller has
 * already touched (it created and filled the array, say), so this worker pays no mapping for them: on a machine
 * where mapping a page costs microseconds, it does the first transform of a fresh array many times faster than a
 * worker that must map its pages first, and the work sharing gives it the units it reaches first.
 *
 * <p>It is the last partition of the plan, and follows the same protocol as a child (ready, the start, claims,
 * {@code IN_PROGRESS}, progress, {@code END}), on the transform's own control segments (this process has them
 * mapped already). It is not killed to stop: {@link #kill()} sets a flag that it reads before each claim and
 * while it waits for a stripe's lock, so it ends the unit it is inside (at most one stripe of work) and claims no
 * more; it then ends with a {@link CancellationException}, without {@code END}, as a failed worker with no unit
 * in doubt. The coordinator waits for it to end before it closes the control segments or returns, so that it
 * never touches the array or the segments after the call; the array must stay open until then.
 *
 * <p>It does not warm up: the calling JVM compiles the unit loop while it runs (on-stack replacement), and a first
 * transform of 800 MB took as long with a warm-up as without (64–93 against 67–84 ms, alternating); a warm-up also
 * reads a sample of the array under its stripe locks, a wait no stop flag ends. Only for built-in operations
 * ({@link #applies}): a user operation could run for ever, and only killing its process stops it.
 *
 * <p><b>Note:</b> thread-safe: its thread runs the worker; the coordinating thread and {@link
 * TransformHandle#cancel()} may poll, join and stop it from any thread.
 */
final class CallerPart implements LaunchedWorker
{
    private static final long PID = ProcessHandle.current().pid();

    private final AtomicBoolean stop = new AtomicBoolean();
    /** Its thread: the part has ended when the thread has (so no thread of it is left once it is joined). */
    private final Thread thread;
    /** How the worker ended: null while running or after a normal end; written before its thread ends. */
    private volatile Throwable failure;

    private CallerPart(final TransformCoordinator co, final TransformControl shared, final WorkerArgs args)
    {
        final SharedArray array = co.array;
        thread = new Thread(() -> run(array, co, shared, args), "shmkit-transform-caller-" + shared.name());
        thread.setDaemon(true);
    }

    /**
     * Whether a transform has a caller's part: its launcher asks for one and the operation is a built-in one.
     *
     * @param options the transform's options.
     * @param op      the operation.
     * @return true if the plan has one more partition, the caller's.
     */
    static boolean applies(final TransformOptions options, final TransformOp op)
    {
        return options.launcher().callerPart() && !op.isUser();
    }

    /**
     * The partitions of a transform with a caller's part whose launcher was asked for {@code workers} workers:
     * the caller's, and as many launched workers as leave a CPU for it ({@code CPUs - 1}, at least one), at most
     * {@code workers}. A caller's part on top of a worker on every CPU would only share their CPUs: where the
     * workers have their pages mapped, the phase then took about 1.5 times as long (docs/transforms.md).
     *
     * @param workers the workers asked for, at least 1.
     * @return the number of partitions, the caller's included.
     */
    static int parts(final int workers)
    {
        return Math.min(workers, Math.max(1, Runtime.getRuntime().availableProcessors() - 1)) + 1;
    }

    /**
     * Start the caller's part of a transform on a thread of its own.
     *
     * @param co     the transform's coordinator.
     * @param shared its control segments, mapped in this process.
     * @param args   the worker's arguments (its index is the plan's last partition).
     * @return the running part.
     */
    static CallerPart start(final TransformCoordinator co, final TransformControl shared, final WorkerArgs args)
    {
        final CallerPart part = new CallerPart(co, shared, args);
        part.thread.start();
        return part;
    }

    /**
     * How long the caller's part waits for the start: later than the time limit. Its coordinator, in this process,
     * always ends the wait (the start, an abort at the time limit, or the stop flag), so the part's own limit is
     * only a safety net; at the same limit as the coordinator's, the two raced, and a time limit was sometimes
     * reported as the part's own "did not start" rather than as the coordinator's abort.
     */
    static long goLimitMs(final long timeLimitMs)
    {
        final long grace = Math.max(timeLimitMs, 1_000);
        return timeLimitMs > Long.MAX_VALUE - grace ? Long.MAX_VALUE : timeLimitMs + grace;
    }

    private void run(
        final SharedArray array, final TransformCoordinator co, final TransformControl shared, final WorkerArgs args)
    {
        try
        {
            // no prefault (its pages are the caller's), no warm-up (below)
            TransformWorker.work(array, shared.control(), shared.claims(), shared.progress(), args.worker(), co.plan,
                co.op, args.progressBatch(), false, false, goLimitMs(args.goTimeoutMs()), stop);
            if (0 == shared.workerSlot(args.worker(), TransformControl.END_OFFSET))
            {
                // returned without END: the start was aborted (a time limit or a cancel before it)
                failure = new CancellationException("stopped: the transform was aborted before its start");
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    /**
     * Wait, as long as it takes and whatever interrupts come, until the part has ended; then restore the interrupt
     * flag. Once stopped it ends within the unit it is inside: for whoever must not let the array or the control
     * segments go while it may still touch them.
     */
    void awaitEnd()
    {
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long pid()
    {
        return PID;
    }

    @Override
    public boolean isAlive()
    {
        return thread.isAlive();
    }

    @Override
    public boolean join(final Duration timeout) throws InterruptedException
    {
        TimeUnit.NANOSECONDS.timedJoin(thread, TransformOptions.nanos(timeout));
        return !thread.isAlive();
    }

    /** 0 after a normal end, else {@link ChildProcessException#EXIT_TASK_FAILED}: the process itself lives on. */
    @Override
    public OptionalInt exitCode()
    {
        if (isAlive())
        {
            return OptionalInt.empty();
        }
        return OptionalInt.of(null == failure ? 0 : ChildProcessException.EXIT_TASK_FAILED);
    }

    @Override
    public String errorText()
    {
        final Throwable f = isAlive() ? null : failure;
        if (null == f)
        {
            return "";
        }
        final StringWriter text = new StringWriter();
        f.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Override
    public Exception failure(final int exitCode)
    {
        final Throwable f = isAlive() ? null : failure;
        if (f instanceof Exception)
        {
            return (Exception)f;
        }
        return new ChildProcessException("the caller's part of the transform (pid " + PID + ") " +
            (null == f ? ChildProcessException.describeExitCode(exitCode) : "failed: " + f), PID, exitCode,
            errorText());
    }

    /** Tell it to stop after the unit it is inside; returns at once. */
    @Override
    public void kill()
    {
        stop.set(true);
    }

    @Override
    public String toString()
    {
        return "the caller's part (pid " + PID + ")" + (isAlive() ? "" : ", ended");
    }
}
