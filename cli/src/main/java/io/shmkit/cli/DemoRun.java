package io.shmkit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.shmkit.process.ShmProcess;
import io.shmkit.process.ShmProcessBuilder;
import io.shmkit.segment.ShmOptions;
import io.shmkit.transform.TransformHandle;

/**
 * What the parts of {@code shmkit demo} share while it runs: where to print and how, the options and names of
 * their segments, the children's settings, the deadlines of their waits, and the stop actions that a signal
 * runs.
 *
 * <p>On SIGINT or SIGTERM the shutdown hook runs {@link #stopOnSignal()}: it kills the children and unlinks the
 * segments that the parts registered with {@link #whenStopping}, in reverse order, and waits (bounded) for the
 * children to end. It never unmaps, since the main thread may still be reading; the main thread then stops
 * quietly at its next {@link #checkNotStopping()}.
 *
 * <p><b>Note:</b> used by the demo's main thread; {@link #whenStopping} and the stop are also safe from the
 * shutdown hook's thread.
 */
final class DemoRun
{
    /** Shortest pause between two polls of a shared counter. */
    static final long MIN_POLL_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Longest pause between two polls of a shared counter. */
    static final long MAX_POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Base of every derived deadline: JVM starts on a busy machine. */
    static final long BASE_TIMEOUT_SECONDS = 60;

    /** Longest wait, in all, for the killed children to end after a stop. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final PrintWriter out;
    private final ShmOptions options;
    private final String base;
    private final boolean classDataArchive;
    private final Long timeoutSeconds;
    private final boolean terminal;
    private final List<Runnable> onStop = new ArrayList<>();
    private volatile boolean stopping;
    private volatile long stopDeadlineNs;
    private int part;

    /**
     * The shared state of one run of the demo.
     *
     * @param out              standard output.
     * @param options          options of every segment the parts create (not persistent).
     * @param base             prefix of the parts' segment names.
     * @param classDataArchive whether children start with the class-data archive cache.
     * @param timeoutSeconds   {@code --timeout}, or null for deadlines derived from the work.
     * @param terminal         whether progress is drawn as a bar in place.
     */
    DemoRun(
        final PrintWriter out,
        final ShmOptions options,
        final String base,
        final boolean classDataArchive,
        final Long timeoutSeconds,
        final boolean terminal)
    {
        this.out = out;
        this.options = options;
        this.base = base;
        this.classDataArchive = classDataArchive;
        this.timeoutSeconds = timeoutSeconds;
        this.terminal = terminal;
    }

    PrintWriter out()
    {
        return out;
    }

    ShmOptions options()
    {
        return options;
    }

    boolean classDataArchive()
    {
        return classDataArchive;
    }

    /**
     * The name of one of the parts' segments.
     *
     * @param what what the segment holds, unique within the run.
     * @return {@code shmkit-demo-<pid>-<stamp>-<what>}.
     */
    String segmentName(final String what)
    {
        return base + "-" + what;
    }

    /**
     * Start the next part: a blank line and {@code Part N: title}.
     *
     * @param title what the part does.
     */
    void beginPart(final String title)
    {
        part++;
        out.println();
        out.println("Part " + part + ": " + title);
    }

    /**
     * The deadline of a phase: {@code --timeout}, or the base plus one second per {@code perSecond} units of work.
     *
     * @param work      units of work of the phase.
     * @param perSecond units expected per second on a slow machine.
     * @return the longest wait.
     */
    Duration phaseTimeout(final long work, final long perSecond)
    {
        return Duration.ofSeconds(null != timeoutSeconds ? timeoutSeconds : BASE_TIMEOUT_SECONDS + work / perSecond);
    }

    /**
     * A progress display for a phase.
     *
     * @param label what progresses.
     * @param total the count at 100 %.
     * @return a bar on a terminal, lines otherwise.
     */
    Progress progress(final String label, final long total)
    {
        return new Progress(out, label, total, terminal);
    }

    /**
     * Print one timed step: {@code "  what  12.3 ms  detail"}.
     *
     * @param what      the step.
     * @param elapsedNs how long it took.
     * @param detail    what it did or found.
     */
    void step(final String what, final long elapsedNs, final String detail)
    {
        out.println(String.format(Locale.ROOT, "  %-15s %9.1f ms  %s", what, elapsedNs / 1e6, detail));
        out.flush();
    }

    /**
     * The failure of a wait of the current part that ran past its deadline, or the quiet stop if a signal came
     * first.
     *
     * @param what what did not happen in time, with the figures.
     * @return the exception to throw: {@code demo: part N: what; children killed, segments removed ...}.
     * @throws CliException if the demo is stopping after a signal.
     */
    CliException timedOut(final String what)
    {
        checkNotStopping();
        return CliException.failure("demo: part " + part + ": " + what + "; children killed, segments removed " +
            "(a slow machine? raise --timeout)");
    }

    /**
     * After a signal, the main thread stops quietly with one line: the shutdown hook has cleaned up.
     *
     * @throws CliException if the demo is stopping.
     */
    void checkNotStopping()
    {
        if (stopping)
        {
            throw CliException.failure("demo: stopped by a signal; children killed, segments removed");
        }
    }

    /**
     * Whether a signal stopped the demo (the shutdown hook then did the clean-up).
     *
     * @return true after {@link #stopOnSignal()}.
     */
    boolean stopping()
    {
        return stopping;
    }

    /**
     * Register what a stop does: kill a child, cancel a transform, unlink a segment. Actions run in reverse
     * order of registration, so a child registered after its segments is killed before they are unlinked.
     *
     * @param action the action; it must not throw anything but a runtime exception, and must not unmap.
     */
    void whenStopping(final Runnable action)
    {
        synchronized (onStop)
        {
            onStop.add(action);
        }
    }

    /**
     * Start a child with the run's segment options and class-data setting, and register its kill as a stop action.
     *
     * @param builder the child's task, name, shared objects and arguments.
     * @return the running child.
     */
    ShmProcess startChild(final ShmProcessBuilder builder)
    {
        final ShmProcess child = builder.shmOptions(options).classDataArchive(classDataArchive).start();
        whenStopping(() -> killAndWait(child));
        return child;
    }

    /**
     * Wait for a child of the current part to end and check that it succeeded.
     *
     * @param child the child.
     * @param limit the longest wait.
     * @throws CliException         (failure) if it did not end in time (it is killed) or exited with an error.
     * @throws InterruptedException if interrupted while waiting.
     */
    void joinChild(final ShmProcess child, final Duration limit) throws InterruptedException
    {
        if (!child.join(limit))
        {
            child.kill();
            throw timedOut("child '" + child.name() + "' (pid " + child.pid() + ") did not end within " +
                limit.toSeconds() + " s");
        }
        checkNotStopping();
        final int code = child.exitCode().orElse(-1);
        if (code != 0)
        {
            throw CliException.failure("demo: part " + part + ": " + firstLine(child.failure(code).getMessage()));
        }
    }

    /**
     * Kill a transform's children and wait (bounded) until they are gone: a stop action.
     *
     * @param handle the transform.
     */
    void cancelAndWait(final TransformHandle handle)
    {
        handle.cancel();
        for (int p = 0; p < handle.partitions().size(); p++)
        {
            ProcessHandle.of(handle.pid(p)).ifPresent(this::awaitEnd);
        }
    }

    /**
     * Kill a child and wait (bounded) until it is gone: a stop action.
     *
     * @param child the child.
     */
    void killAndWait(final ShmProcess child)
    {
        child.kill();
        awaitEnd(child.toHandle());
    }

    /**
     * The shutdown hook, for SIGINT or SIGTERM while the demo runs: kill the children, wait for them (bounded),
     * unlink the segments. Never unmaps: the main thread may still be reading the memory.
     */
    void stopOnSignal()
    {
        stopping = true;
        stop();
    }

    /** Run every registered stop action once, newest first, each as best effort; also the normal end's clean-up. */
    void stop()
    {
        final List<Runnable> actions;
        synchronized (onStop)
        {
            actions = new ArrayList<>(onStop);
            onStop.clear();
        }
        stopDeadlineNs = System.nanoTime() + STOP_WAIT.toNanos();
        // Kill and cancel first (registered after the segments they use), then unlink.
        for (int i = actions.size() - 1; i >= 0; i--)
        {
            try
            {
                actions.get(i).run();
            }
            catch (final RuntimeException ex)
            {
                // best effort: go on with the other actions
            }
        }
    }

    /** Wait for a killed process to end, until the stop's one deadline (so many children wait no longer). */
    private void awaitEnd(final ProcessHandle process)
    {
        try
        {
            process.onExit().get(Math.max(0, stopDeadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            // reported by the caller's own checks; a stop goes on regardless
        }
    }

    /**
     * The pause before the next poll of a shared counter: a sixteenth of the time the phase has run, from
     * {@link #MIN_POLL_NS} to {@link #MAX_POLL_NS}. A short phase is seen to end promptly (its measured time is
     * off by at most about 6 %), a long one costs the parent at most 50 wake-ups a second.
     *
     * @param elapsedNs time since the phase began.
     * @return nanoseconds to park.
     */
    static long pauseNanos(final long elapsedNs)
    {
        return Math.max(MIN_POLL_NS, Math.min(MAX_POLL_NS, elapsedNs / 16));
    }

    /**
     * The first line of a message, for a one-line report.
     *
     * @param s a message, or null.
     * @return its first line, stripped; empty for null.
     */
    static String firstLine(final String s)
    {
        if (null == s)
        {
            return "";
        }
        final String t = s.strip();
        final int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
