package io.shmkit.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Option;

import io.shmkit.SharedDoubleArray;
import io.shmkit.transform.TransformException;
import io.shmkit.transform.TransformHandle;
import io.shmkit.transform.TransformOp;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;
import io.shmkit.transform.Transforms;

/**
 * The demo's Array part, Python's {@code Array('d')} example at scale: {@code --negate-workers} child processes
 * ({@link Transforms}) negate a shared array of {@code --size} doubles in place while the parent shows a progress
 * bar fed by the transform's shared progress counter; the parent then checks that every element equals minus
 * its original ({@link DemoData}) and that the sum changed sign exactly.
 *
 * <p><b>Note:</b> a picocli mixin of {@link DemoCommand}; runs once, on the demo's main thread.
 */
final class NegateDemo implements DemoPart
{
    /** The derived deadline grows by one second per this many elements. */
    static final long ELEMENTS_PER_SECOND = 5_000_000;
    /** The transform's own time limit is this much longer than the demo's, so the demo's deadline fires first. */
    private static final Duration TRANSFORM_GRACE = Duration.ofSeconds(30);

    @Option(
        names = "--size",
        paramLabel = "N",
        defaultValue = "100000000",
        order = 10,
        description = "Elements of the Array('d') of the negate part (default: ${DEFAULT-VALUE}, 800 MB).")
    private long size;

    @Option(
        names = "--negate-workers",
        paramLabel = "C",
        defaultValue = "1",
        order = 11,
        description = "Child processes negating the array, each a contiguous part of it " +
            "(default: ${DEFAULT-VALUE}, as in Python's example).")
    private int negateWorkers;

    /**
     * The array's length, {@code --size}, which the warm pool part uses too.
     *
     * @return the number of elements.
     */
    long size()
    {
        return size;
    }

    @Override
    public String name()
    {
        return "negate";
    }

    @Override
    public String description()
    {
        return "a child process negates a shared Array('d') of --size elements in place, with a progress bar " +
            "fed by a shared progress counter; then every element is checked to equal minus its original, and " +
            "the sum to have changed sign exactly. Default deadline: " + DemoRun.BASE_TIMEOUT_SECONDS +
            " s plus 1 s per " + ELEMENTS_PER_SECOND / 1_000_000 + " M elements.%n";
    }

    @Override
    public void validate()
    {
        if (size < 1)
        {
            throw CliException.usage("--size " + size + " must be at least 1");
        }
        if (negateWorkers < 1 || negateWorkers > 64)
        {
            throw CliException.usage("--negate-workers " + negateWorkers + " must be from 1 to 64");
        }
    }

    @Override
    public boolean run(final DemoRun run) throws InterruptedException
    {
        run.beginPart((negateWorkers == 1 ? "a child process negates" : negateWorkers + " child processes negate") +
            " a shared Array('d') of " + size + " elements (" + Formats.humanBytes(size * Double.BYTES) +
            ") in place");
        final long t0 = System.nanoTime();
        final SharedDoubleArray array = SharedDoubleArray.create(run.segmentName("data"), 'd', size, run.options());
        run.whenStopping(array::unlink);
        try (array)
        {
            DemoData.fill(array);
            final double sumBefore = array.sum();
            run.step("create + fill", System.nanoTime() - t0, "a[i] = i + 0.5 in '" + array.name() + "' (" +
                array.stripeCount() + " stripes); sum " + sumBefore);
            negate(run, array);
            return verify(run, array, sumBefore);
        }
        finally
        {
            array.unlink();
        }
    }

    /** Negate the array in child processes, showing their progress, and print their timings. */
    private void negate(final DemoRun run, final SharedDoubleArray array) throws InterruptedException
    {
        final Duration limit = run.phaseTimeout(size, ELEMENTS_PER_SECOND);
        final TransformOptions transformOptions = TransformOptions.defaults()
            .withShmOptions(run.options())
            .withClassDataArchive(run.classDataArchive())
            .withTimeout(limit.plus(TRANSFORM_GRACE));
        final long t0 = System.nanoTime();
        final TransformHandle handle =
            Transforms.start(array, TransformOp.negate(), 0, size, negateWorkers, transformOptions);
        run.whenStopping(() -> run.cancelAndWait(handle));
        final TransformResult result = awaitShowingProgress(run, handle, "negate", limit, t0);
        final StringBuilder pids = new StringBuilder();
        for (int p = 0; p < handle.partitions().size(); p++)
        {
            pids.append(p == 0 ? "" : ", ").append(handle.pid(p));
        }
        run.step("child start", result.startupNanos(), (result.workers() == 1 ? "pid " : "pids ") + pids +
            ": JVM start, segments opened, pages mapped, ready");
        run.step("transform", result.phaseNanos(), size + " elements negated, " + String.format(Locale.ROOT,
            "%.1f GB/s read+write", 2.0 * size * Double.BYTES / Math.max(1, result.phaseNanos())));
        run.step("whole call", result.wholeNanos(), "start to children's exit, as the parent saw it (" +
            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e6) + " ms with the progress bar)");
    }

    /**
     * Wait for a transform showing its progress, within the phase's deadline (then it is cancelled).
     *
     * @param run    the demo run.
     * @param handle the transform, started at {@code t0}.
     * @param label  the progress bar's label.
     * @param limit  the phase's deadline, from {@code t0}.
     * @param t0     {@code System.nanoTime()} at the start of the transform.
     * @return the transform's result.
     * @throws CliException         (failure) if the transform failed or the deadline passed.
     * @throws InterruptedException if interrupted while waiting.
     */
    static TransformResult awaitShowingProgress(
        final DemoRun run, final TransformHandle handle, final String label, final Duration limit, final long t0)
        throws InterruptedException
    {
        final long size = handle.total();
        final Progress bar = run.progress(label, size);
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
                throw run.timedOut("the transform did not finish within " + limit.toSeconds() + " s (" + seen +
                    " of " + size + " elements done)");
            }
            seen = handle.progress();
            bar.update(seen);
            LockSupport.parkNanos(DemoRun.pauseNanos(now - t0));
        }
        final TransformResult result;
        try
        {
            result = handle.await();
        }
        catch (final TransformException ex)
        {
            run.checkNotStopping();
            bar.finish(seen);
            throw CliException.failure("demo: " + DemoRun.firstLine(ex.getMessage()), ex);
        }
        bar.finish(handle.total());
        return result;
    }

    /** Check that every element, and the sum, changed sign exactly. */
    private static boolean verify(final DemoRun run, final SharedDoubleArray array, final double sumBefore)
    {
        final long t0 = System.nanoTime();
        final long wrong = DemoData.countNotNegated(array);
        final double sumAfter = array.sum();
        final boolean ok =
            wrong == 0 && Double.doubleToRawLongBits(sumAfter) == Double.doubleToRawLongBits(-sumBefore);
        run.step("verify", System.nanoTime() - t0, ok ?
            "OK: every element equals minus its original; sum " + sumAfter + " = -(" + sumBefore + ")" :
            "FAILED: " + wrong + " elements are not minus their original; sum " + sumAfter + " vs " + sumBefore);
        return ok;
    }
}
