package io.shmkit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.process.ShmProcess;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;
import io.shmkit.transform.TransformException;
import io.shmkit.transform.TransformHandle;
import io.shmkit.transform.TransformOp;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;
import io.shmkit.transform.Transforms;

/**
 * {@code shmkit demo}: the two classic examples of Python's {@code multiprocessing} documentation, in Java and
 * at scale, each step timed and its result verified.
 *
 * <ol>
 *   <li>A child process ({@link Transforms}) negates a shared {@code Array('d')} of {@code --size} elements in
 *       place while the parent shows a progress bar fed by the transform's shared progress counter; the parent
 *       then checks that every element equals minus its original and that the sum changed sign exactly.</li>
 *   <li>{@code --workers} children ({@link ShmProcess}, {@link DemoIncrementTask}) each increment a shared
 *       {@code Value('i')} {@code --increments} times under its lock; the parent checks the exact total.</li>
 * </ol>
 *
 * <p>Segments are created non-persistent under the root and unlinked at the end. On SIGINT or SIGTERM a
 * shutdown hook kills the children and unlinks the segments (the library's own hook unlinks them too; the hook
 * never unmaps, since the main thread may still be reading). Children are daemons: they also end by themselves
 * when the parent dies, even by SIGKILL.
 */
@Command(
    name = "demo",
    header = "Run Python's multiprocessing examples in Java, at scale, timed and verified.",
    sortOptions = false,
    description = {
        "Part 1: a child process negates a shared Array('d') of --size elements in place, with a progress bar " +
            "fed by a shared progress counter; then every element is checked to equal minus its original, and " +
            "the sum to have changed sign exactly.%n",
        "Part 2: --workers child processes each increment a shared Value('i') --increments times under its " +
            "lock (Python's 'with v.get_lock(): v.value += 1'); the exact total is checked.%n",
        "Each step prints what it did and how long it took. Without a terminal, progress is printed as lines " +
            "'progress: LABEL P%% (DONE of TOTAL)', one when a phase starts and one per tenth. The demo " +
            "removes its segments when it ends, " +
            "also on Ctrl-C (SIGINT) or SIGTERM, and its children end with it. Exit code 0 means every result " +
            "was verified; 1 that a check or a child failed, that the children did not finish within --timeout, " +
            "or that there is no room for the array.%n"})
final class DemoCommand extends BaseCommand
{
    /** Shortest pause between two polls of a shared counter. */
    static final long MIN_POLL_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Longest pause between two polls of a shared counter. */
    static final long MAX_POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Base of every derived deadline: JVM starts on a busy machine. */
    static final long BASE_TIMEOUT_SECONDS = 60;
    /** Part 1's derived deadline grows by one second per this many elements. */
    static final long ELEMENTS_PER_SECOND = 5_000_000;
    /** Part 2's derived deadline grows by one second per this many locked increments. */
    static final long INCREMENTS_PER_SECOND = 200_000;
    /** The transform's own time limit is this much longer than the demo's, so the demo's deadline fires first. */
    private static final Duration TRANSFORM_GRACE = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** Longest wait for all of part 2's children to exit once their work is done. */
    private static final Duration CHILD_EXIT_WAIT = Duration.ofSeconds(60);
    /** Upper bound of --timeout (a week), so that deadlines cannot overflow. */
    private static final long MAX_TIMEOUT_SECONDS = 7L * 24 * 3600;

    @Option(
        names = "--size",
        paramLabel = "N",
        defaultValue = "100000000",
        description = "Elements of the Array('d') of part 1 (default: ${DEFAULT-VALUE}, 800 MB).")
    private long size;

    @Option(
        names = "--negate-workers",
        paramLabel = "C",
        defaultValue = "1",
        description = "Child processes negating the array in part 1, each a contiguous part of it " +
            "(default: ${DEFAULT-VALUE}, as in Python's example).")
    private int negateWorkers;

    @Option(
        names = "--workers",
        paramLabel = "W",
        defaultValue = "4",
        description = "Child processes incrementing the Value('i') in part 2 (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(
        names = "--increments",
        paramLabel = "K",
        defaultValue = "100000",
        description = "Increments per child in part 2 (default: ${DEFAULT-VALUE}); W x K must fit a Value('i').")
    private long increments;

    @Option(
        names = "--class-data-archive",
        description = "Start the children with the class-data archive cache of the process layer (faster " +
            "starts; the first run trains the archive in a background JVM). Off by default, so that the demo " +
            "leaves no process behind.")
    private boolean classDataArchive;

    @Option(
        names = "--timeout",
        paramLabel = "S",
        description = "Longest wait, in seconds, for each phase of the children: part 1's transform, part 2's " +
            "start and part 2's increments (default: derived from the work, " + BASE_TIMEOUT_SECONDS +
            " s plus 1 s per " + ELEMENTS_PER_SECOND / 1_000_000 + " M elements in part 1 or per " +
            INCREMENTS_PER_SECOND / 1000 + " k increments in part 2). When it passes, the demo kills its " +
            "children, removes its segments and exits with 1.")
    private Long timeoutSeconds;

    private final List<Runnable> onStop = new ArrayList<>();
    private volatile boolean stopping;
    private volatile long stopDeadlineNs;

    @Override
    public Integer call() throws InterruptedException
    {
        validate();
        final ShmOptions options = options().withPersistent(false);
        final PrintWriter out = out();
        final long pid = ProcessIdentity.current().pid();
        final String base = "shmkit-demo-" + pid + "-" + Long.toHexString(System.nanoTime() & 0xFFFF_FFFFL);
        final Thread hook = new Thread(this::stopOnSignal, "shmkit-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            out.println("shmkit demo: pid " + pid + ", segments " + base + "-* under " + options.root());
            final boolean negated = negateDemo(out, options, base);
            final boolean counted = counterDemo(out, options, base);
            if (!negated || !counted)
            {
                throw CliException.failure("demo: a result did not verify (see above)");
            }
            out.println();
            out.println("demo: all results verified");
            return Main.EXIT_OK;
        }
        finally
        {
            if (!stopping)
            {
                runStopActions();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private void validate()
    {
        if (size < 1)
        {
            throw CliException.usage("--size " + size + " must be at least 1");
        }
        if (negateWorkers < 1 || negateWorkers > 64)
        {
            throw CliException.usage("--negate-workers " + negateWorkers + " must be from 1 to 64");
        }
        if (workers < 1 || workers > 64)
        {
            throw CliException.usage("--workers " + workers + " must be from 1 to 64");
        }
        if (increments < 1)
        {
            throw CliException.usage("--increments " + increments + " must be at least 1");
        }
        if (increments > Integer.MAX_VALUE / workers)
        {
            throw CliException.usage("--workers " + workers + " x --increments " + increments +
                " exceeds the range of a Value('i') (" + Integer.MAX_VALUE + ")");
        }
        if (null != timeoutSeconds && (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS))
        {
            throw CliException.usage("--timeout " + timeoutSeconds + " must be from 1 to " + MAX_TIMEOUT_SECONDS);
        }
    }

    /** The deadline of a phase: --timeout, or the base plus one second per {@code perSecond} units of work. */
    private Duration phaseTimeout(final long work, final long perSecond)
    {
        return Duration.ofSeconds(null != timeoutSeconds ? timeoutSeconds : BASE_TIMEOUT_SECONDS + work / perSecond);
    }

    /** Part 1: children negate a shared Array('d'). */
    private boolean negateDemo(final PrintWriter out, final ShmOptions options, final String base)
        throws InterruptedException
    {
        out.println();
        out.println("Part 1: " + (negateWorkers == 1 ? "a child process negates" : negateWorkers +
            " child processes negate") + " a shared Array('d') of " + size + " elements (" +
            Formats.humanBytes(size * Double.BYTES) + ") in place");
        long t0 = System.nanoTime();
        final SharedDoubleArray array = SharedDoubleArray.create(base + "-data", 'd', size, options);
        whenStopping(array::unlink);
        try (array)
        {
            DemoData.fill(array);
            final double sumBefore = array.sum();
            step(out, "create + fill", System.nanoTime() - t0, "a[i] = i + 0.5 in '" + array.name() + "' (" +
                array.stripeCount() + " stripes); sum " + sumBefore);

            final Duration limit = phaseTimeout(size, ELEMENTS_PER_SECOND);
            final TransformOptions transformOptions = TransformOptions.defaults()
                .withShmOptions(options)
                .withClassDataArchive(classDataArchive)
                .withTimeout(limit.plus(TRANSFORM_GRACE));
            t0 = System.nanoTime();
            final TransformHandle handle =
                Transforms.start(array, TransformOp.negate(), 0, size, negateWorkers, transformOptions);
            whenStopping(() -> cancelAndWait(handle));
            final Progress bar = new Progress(out, "negate", size, terminal());
            final long deadline = t0 + limit.toNanos();
            // NOTE: progress() is polled only while the transform runs (a poll racing with its end gets the final
            // count: the handle sets it before closing its counter); after the end, the display is finished with
            // handle.total() on success or the last count seen on failure, without another read.
            long seen = 0;
            while (!handle.isDone())
            {
                final long now = System.nanoTime();
                if (now - deadline > 0)
                {
                    handle.cancel();
                    bar.finish(seen);
                    checkNotStopping();
                    throw CliException.failure("demo: part 1: the transform did not finish within " +
                        limit.toSeconds() + " s (" + seen + " of " + size + " elements negated); children killed, " +
                        "segments removed (a slow machine? raise --timeout)");
                }
                seen = handle.progress();
                bar.update(seen);
                LockSupport.parkNanos(pauseNanos(now - t0));
            }
            final TransformResult result;
            try
            {
                result = handle.await();
            }
            catch (final TransformException ex)
            {
                checkNotStopping();
                bar.finish(seen);
                throw CliException.failure("demo: " + firstLine(ex.getMessage()), ex);
            }
            bar.finish(handle.total());
            final StringBuilder pids = new StringBuilder();
            for (int p = 0; p < handle.partitions().size(); p++)
            {
                pids.append(p == 0 ? "" : ", ").append(handle.pid(p));
            }
            step(out, "child start", result.startupNanos(), (result.workers() == 1 ? "pid " : "pids ") + pids +
                ": JVM start, segments opened, pages mapped, ready");
            step(out, "transform", result.phaseNanos(), size + " elements negated, " + String.format(Locale.ROOT,
                "%.1f GB/s read+write", 2.0 * size * Double.BYTES / Math.max(1, result.phaseNanos())));
            step(out, "whole call", result.wholeNanos(), "start to children's exit, as the parent saw it (" +
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e6) + " ms with the progress bar)");

            t0 = System.nanoTime();
            final long wrong = DemoData.countNotNegated(array);
            final double sumAfter = array.sum();
            final boolean ok =
                wrong == 0 && Double.doubleToRawLongBits(sumAfter) == Double.doubleToRawLongBits(-sumBefore);
            step(out, "verify", System.nanoTime() - t0, ok ?
                "OK: every element equals minus its original; sum " + sumAfter + " = -(" + sumBefore + ")" :
                "FAILED: " + wrong + " elements are not minus their original; sum " + sumAfter + " vs " + sumBefore);
            return ok;
        }
        finally
        {
            array.unlink();
        }
    }

    /** Part 2: workers increment a shared Value('i') under its lock. */
    private boolean counterDemo(final PrintWriter out, final ShmOptions options, final String base)
        throws InterruptedException
    {
        final long total = workers * increments;
        out.println();
        out.println("Part 2: " + workers + " child processes each increment a shared Value('i') " + increments +
            " times under its lock");
        long t0 = System.nanoTime();
        final SharedLong counter = SharedLong.create(base + "-counter", 'i', 0, options);
        whenStopping(counter::unlink);
        final SharedLongArray start =
            SharedLongArray.create(base + "-start", 'q', DemoIncrementTask.START_LENGTH, options.withLock(false));
        whenStopping(start::unlink);
        final List<ShmProcess> children = new ArrayList<>();
        try (counter; start)
        {
            step(out, "create", System.nanoTime() - t0, "Value('i') '" + counter.name() + "' = 0, with a lock");

            t0 = System.nanoTime();
            final Duration startLimit = phaseTimeout(workers, 1);
            for (int w = 0; w < workers; w++)
            {
                final ShmProcess child = ShmProcess.builder()
                    .task(DemoIncrementTask.class)
                    .name("increment-" + w)
                    .share(counter)
                    .share(start)
                    .args(Long.toString(increments), Long.toString(startLimit.toMillis()))
                    .shmOptions(options)
                    .classDataArchive(classDataArchive)
                    .start();
                children.add(child);
                whenStopping(() -> killAndWait(child));
            }
            final long startDeadline = t0 + startLimit.toNanos();
            while (start.getAcquire(DemoIncrementTask.READY) < workers && allAlive(children))
            {
                final long now = System.nanoTime();
                if (now - startDeadline > 0)
                {
                    checkNotStopping();
                    throw CliException.failure("demo: part 2: " + start.getAcquire(DemoIncrementTask.READY) +
                        " of " + workers + " children were ready within " + startLimit.toSeconds() + " s; " +
                        "children killed, segments removed (a slow machine? raise --timeout)");
                }
                LockSupport.parkNanos(pauseNanos(now - t0));
            }
            final StringBuilder pids = new StringBuilder();
            for (final ShmProcess c : children)
            {
                pids.append(pids.length() == 0 ? "" : ", ").append(c.pid());
            }
            step(out, "children start", System.nanoTime() - t0, "pids " + pids + ": " +
                start.getAcquire(DemoIncrementTask.READY) + " of " + workers + " ready");

            final Duration limit = phaseTimeout(total, INCREMENTS_PER_SECOND);
            t0 = System.nanoTime();
            final long deadline = t0 + limit.toNanos();
            // NOTE: release pairs with the children's acquire: they start incrementing after this store.
            start.setRelease(DemoIncrementTask.GO, 1);
            final Progress bar = new Progress(out, "increments", total, terminal());
            // NOTE: the counter is read only here, on the main thread, inside the try-with-resources that
            // closes it; the stop hook unlinks it but never closes it.
            long value;
            while ((value = counter.get()) < total && anyAlive(children))
            {
                final long now = System.nanoTime();
                if (now - deadline > 0)
                {
                    bar.finish(value);
                    checkNotStopping();
                    throw CliException.failure("demo: part 2: the counter reached " + value + " of " + total +
                        " within " + limit.toSeconds() + " s; children killed, segments removed (a slow machine? " +
                        "raise --timeout)");
                }
                bar.update(value);
                LockSupport.parkNanos(pauseNanos(now - t0));
            }
            final long incrementNs = System.nanoTime() - t0;
            checkNotStopping();
            bar.finish(counter.get());
            final StringBuilder failures = new StringBuilder();
            // One deadline for all the joins: the children have done their work or died, so they end at once.
            final long joinDeadline = System.nanoTime() + CHILD_EXIT_WAIT.toNanos();
            for (final ShmProcess c : children)
            {
                if (!c.join(Duration.ofNanos(Math.max(0, joinDeadline - System.nanoTime()))))
                {
                    c.kill();
                    failures.append("\n  pid ").append(c.pid()).append(" did not end");
                }
                else if (c.exitCode().orElse(-1) != 0)
                {
                    failures.append("\n  pid ").append(c.pid()).append(" exit code ")
                        .append(c.exitCode().orElse(-1)).append(": ").append(firstLine(c.stderrTail()));
                }
            }
            step(out, "increments", incrementNs, String.format(Locale.ROOT, "%.2f M locked increments/s",
                counter.get() * 1e3 / Math.max(1, incrementNs)));
            if (failures.length() > 0)
            {
                out.println("  FAILED: children failed:" + failures);
                return false;
            }

            t0 = System.nanoTime();
            final long end = counter.get();
            final boolean ok = end == total;
            step(out, "verify", System.nanoTime() - t0, (ok ? "OK: total " + end + " = " : "FAILED: total " + end +
                " != ") + workers + " x " + increments);
            return ok;
        }
        finally
        {
            for (final ShmProcess c : children)
            {
                c.close();
            }
            counter.unlink();
            start.unlink();
        }
    }

    /** Kill the transform's children and wait (bounded) until they are gone. */
    private void cancelAndWait(final TransformHandle handle)
    {
        handle.cancel();
        for (int p = 0; p < handle.partitions().size(); p++)
        {
            ProcessHandle.of(handle.pid(p)).ifPresent(this::awaitEnd);
        }
    }

    private void killAndWait(final ShmProcess child)
    {
        child.kill();
        awaitEnd(child.toHandle());
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

    /** After a signal, the main thread stops quietly with one line: the shutdown hook has cleaned up. */
    private void checkNotStopping()
    {
        if (stopping)
        {
            throw CliException.failure("demo: stopped by a signal; children killed, segments removed");
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

    private static boolean terminal()
    {
        return null != System.console();
    }

    private static boolean allAlive(final List<ShmProcess> children)
    {
        for (final ShmProcess c : children)
        {
            if (!c.isAlive())
            {
                return false;
            }
        }
        return true;
    }

    private static boolean anyAlive(final List<ShmProcess> children)
    {
        for (final ShmProcess c : children)
        {
            if (c.isAlive())
            {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(final String s)
    {
        if (null == s)
        {
            return "";
        }
        final String t = s.strip();
        final int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static void step(final PrintWriter out, final String what, final long elapsedNs, final String detail)
    {
        out.println(String.format(Locale.ROOT, "  %-15s %9.1f ms  %s", what, elapsedNs / 1e6, detail));
        out.flush();
    }

    /** Register what a stop does: kill a child, cancel a transform, unlink a segment. */
    private void whenStopping(final Runnable action)
    {
        synchronized (onStop)
        {
            onStop.add(action);
        }
    }

    /**
     * The shutdown hook, for SIGINT or SIGTERM while the demo runs: kill the children, wait for them (bounded),
     * unlink the segments. Never unmaps: the main thread may still be reading the memory.
     */
    private void stopOnSignal()
    {
        stopping = true;
        runStopActions();
    }

    private void runStopActions()
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
}
