package io.shmkit.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Option;

import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.process.ShmProcess;

/**
 * The demo's Value part, Python's {@code Value('i')} example at scale: {@code --workers} child processes
 * ({@link ShmProcess}, {@link DemoIncrementTask}) each increment a shared {@code Value('i')}
 * {@code --increments} times under its lock; they report ready and wait for a shared start flag, so that they all
 * increment at once, and the parent checks the exact total.
 *
 * <p><b>Note:</b> a picocli mixin of {@link DemoCommand}; runs once, on the demo's main thread.
 */
final class IncrementDemo implements DemoPart
{
    /** The derived deadline of the increments grows by one second per this many locked increments. */
    static final long INCREMENTS_PER_SECOND = 200_000;
    /** Longest wait for all the children to exit once their work is done. */
    private static final Duration CHILD_EXIT_WAIT = Duration.ofSeconds(60);

    @Option(
        names = "--workers",
        paramLabel = "W",
        defaultValue = "4",
        order = 20,
        description = "Child processes incrementing the Value('i') (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(
        names = "--increments",
        paramLabel = "K",
        defaultValue = "100000",
        order = 21,
        description = "Increments per child (default: ${DEFAULT-VALUE}); W x K must fit a Value('i').")
    private long increments;

    @Override
    public String name()
    {
        return "increment";
    }

    @Override
    public String description()
    {
        return "--workers child processes each increment a shared Value('i') --increments times under its " +
            "lock (Python's 'with v.get_lock(): v.value += 1'); the exact total is checked. Default deadlines: " +
            DemoRun.BASE_TIMEOUT_SECONDS + " s plus 1 s per worker for the start, plus 1 s per " +
            INCREMENTS_PER_SECOND / 1000 + " k increments for the increments.%n";
    }

    @Override
    public void validate()
    {
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
    }

    @Override
    public boolean run(final DemoRun run) throws InterruptedException
    {
        run.beginPart(workers + " child processes each increment a shared Value('i') " + increments +
            " times under its lock");
        final long t0 = System.nanoTime();
        final SharedLong counter = SharedLong.create(run.segmentName("counter"), 'i', 0, run.options());
        run.whenStopping(counter::unlink);
        final SharedLongArray start = SharedLongArray.create(
            run.segmentName("start"), 'q', DemoIncrementTask.START_LENGTH, run.options().withLock(false));
        run.whenStopping(start::unlink);
        final List<ShmProcess> children = new ArrayList<>();
        try (counter; start)
        {
            run.step("create", System.nanoTime() - t0, "Value('i') '" + counter.name() + "' = 0, with a lock");
            startChildren(run, counter, start, children);
            final long incrementNs = awaitIncrements(run, counter, start, children);
            final String failures = joinChildren(children);
            run.step("increments", incrementNs, String.format(Locale.ROOT, "%.2f M locked increments/s",
                counter.get() * 1e3 / Math.max(1, incrementNs)));
            if (!failures.isEmpty())
            {
                run.out().println("  FAILED: children failed:" + failures);
                return false;
            }
            final long t1 = System.nanoTime();
            final long end = counter.get();
            final boolean ok = end == (long)workers * increments;
            run.step("verify", System.nanoTime() - t1, (ok ? "OK: total " + end + " = " : "FAILED: total " + end +
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

    /** Start the children and wait (bounded) until all are ready or one has died. */
    private void startChildren(
        final DemoRun run, final SharedLong counter, final SharedLongArray start, final List<ShmProcess> children)
    {
        final long t0 = System.nanoTime();
        final Duration startLimit = run.phaseTimeout(workers, 1);
        for (int w = 0; w < workers; w++)
        {
            final ShmProcess child = ShmProcess.builder()
                .task(DemoIncrementTask.class)
                .name("increment-" + w)
                .share(counter)
                .share(start)
                .args(Long.toString(increments), Long.toString(startLimit.toMillis()))
                .shmOptions(run.options())
                .classDataArchive(run.classDataArchive())
                .start();
            children.add(child);
            run.whenStopping(() -> run.killAndWait(child));
        }
        final long startDeadline = t0 + startLimit.toNanos();
        while (start.getAcquire(DemoIncrementTask.READY) < workers && children.stream().allMatch(ShmProcess::isAlive))
        {
            final long now = System.nanoTime();
            if (now - startDeadline > 0)
            {
                throw run.timedOut(start.getAcquire(DemoIncrementTask.READY) + " of " + workers +
                    " children were ready within " + startLimit.toSeconds() + " s");
            }
            LockSupport.parkNanos(DemoRun.pauseNanos(now - t0));
        }
        final StringBuilder pids = new StringBuilder();
        for (final ShmProcess c : children)
        {
            pids.append(pids.length() == 0 ? "" : ", ").append(c.pid());
        }
        run.step("children start", System.nanoTime() - t0, "pids " + pids + ": " +
            start.getAcquire(DemoIncrementTask.READY) + " of " + workers + " ready");
    }

    /**
     * Give the start signal and show the counter's progress until it reaches the total or every child has
     * ended; a deadline bounds the wait.
     *
     * @return nanoseconds from the start signal to the end of the increments.
     */
    private long awaitIncrements(
        final DemoRun run, final SharedLong counter, final SharedLongArray start, final List<ShmProcess> children)
    {
        final long total = workers * increments;
        final Duration limit = run.phaseTimeout(total, INCREMENTS_PER_SECOND);
        final long t0 = System.nanoTime();
        final long deadline = t0 + limit.toNanos();
        // NOTE: release pairs with the children's acquire: they start incrementing after this store.
        start.setRelease(DemoIncrementTask.GO, 1);
        final Progress bar = run.progress("increments", total);
        // NOTE: the counter is read only here, on the main thread, inside the try-with-resources that closes it;
        // the stop hook unlinks it but never closes it.
        long value;
        while ((value = counter.get()) < total && children.stream().anyMatch(ShmProcess::isAlive))
        {
            final long now = System.nanoTime();
            if (now - deadline > 0)
            {
                bar.finish(value);
                throw run.timedOut("the counter reached " + value + " of " + total + " within " +
                    limit.toSeconds() + " s");
            }
            bar.update(value);
            LockSupport.parkNanos(DemoRun.pauseNanos(now - t0));
        }
        final long incrementNs = System.nanoTime() - t0;
        run.checkNotStopping();
        bar.finish(counter.get());
        return incrementNs;
    }

    /**
     * Wait for the children to exit, killing those that do not end in time.
     *
     * @return one line per child that failed or did not end, or empty.
     */
    private static String joinChildren(final List<ShmProcess> children) throws InterruptedException
    {
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
                    .append(c.exitCode().orElse(-1)).append(": ").append(DemoRun.firstLine(c.stderrTail()));
            }
        }
        return failures.toString();
    }
}
