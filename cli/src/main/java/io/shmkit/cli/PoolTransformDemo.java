package io.shmkit.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import picocli.CommandLine.Option;

import io.shmkit.SharedDoubleArray;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolTransforms;
import io.shmkit.transform.TransformHandle;
import io.shmkit.transform.TransformOp;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;

/**
 * The demo's warm-pool part: the negate of the first part ({@code --size} doubles), on a {@link Pool}'s warm worker
 * JVMs ({@link PoolTransforms}) instead of fresh children, twice: in the first call the workers map the pages
 * they touch while this process, which filled the array and so has its pages mapped, takes the caller's part;
 * the second finds the array mapped and costs about its phase. Each call shows a progress bar; the array is
 * checked after each.
 *
 * <p><b>Note:</b> a picocli mixin of {@link DemoCommand}; runs once, on the demo's main thread.
 */
final class PoolTransformDemo implements DemoPart
{
    /** The transform's own time limit is this much longer than the demo's, so the demo's deadline fires first. */
    private static final Duration TRANSFORM_GRACE = Duration.ofSeconds(30);

    /** The array's length: the first part's {@code --size}. */
    private final LongSupplier size;

    @Option(
        names = "--pool-transform-workers",
        paramLabel = "T",
        defaultValue = "2",
        order = 60,
        description = "Worker JVMs of the warm pool that negates the array (default: ${DEFAULT-VALUE}).")
    private int poolWorkers;

    /**
     * The part, negating an array of {@code size.getAsLong()} elements.
     *
     * @param size the array's length, read when the part runs.
     */
    PoolTransformDemo(final LongSupplier size)
    {
        this.size = size;
    }

    @Override
    public String name()
    {
        return "pool-transform";
    }

    @Override
    public String description()
    {
        return "a warm pool of --pool-transform-workers worker JVMs negates a shared Array('d') of --size " +
            "elements in place, twice, with a progress bar (this process, whose pages of the array are mapped, " +
            "takes a part of each call besides the workers); the array is checked after each. Default deadline of " +
            "each call: as in part 1.%n";
    }

    @Override
    public void validate()
    {
        if (poolWorkers < 1 || poolWorkers > 64)
        {
            throw CliException.usage("--pool-transform-workers " + poolWorkers + " must be from 1 to 64");
        }
    }

    @Override
    public boolean run(final DemoRun run) throws InterruptedException
    {
        final long n = size.getAsLong();
        run.beginPart("a warm pool of " + poolWorkers + " worker JVMs negates a shared Array('d') of " + n +
            " elements (" + Formats.humanBytes(n * Double.BYTES) + ") in place, twice");
        final long t0 = System.nanoTime();
        final SharedDoubleArray array = SharedDoubleArray.create(run.segmentName("pool-data"), 'd', n, run.options());
        run.whenStopping(array::unlink);
        try (array)
        {
            DemoData.fill(array);
            run.step("create + fill", System.nanoTime() - t0, "a[i] = i + 0.5 in '" + array.name() + "'");
            final long t1 = System.nanoTime();
            try (Pool pool = PoolTransforms.configure(Pool.builder().workers(poolWorkers))
                .shmOptions(run.options())
                .classDataArchive(run.classDataArchive())
                .start())
            {
                run.whenStopping(pool::terminate);
                final PoolTransforms transforms = PoolTransforms.on(pool);
                transforms.warmUp('d');
                run.step("pool start", System.nanoTime() - t1, poolWorkers + " worker JVMs started and warmed up, " +
                    "transforms of 'd' arrays included");
                return negate(run, transforms, array, "1st call", -1, "the workers map the pages they touch") &
                    negate(run, transforms, array, "2nd call", 1, "the array is still mapped");
            }
        }
        finally
        {
            array.unlink();
        }
    }

    /** One negate on the pool, with a progress bar, its timings and the check that every element is as expected. */
    private static boolean negate(
        final DemoRun run, final PoolTransforms transforms, final SharedDoubleArray array, final String label,
        final int sign, final String what) throws InterruptedException
    {
        final long n = array.length();
        final Duration limit = run.phaseTimeout(n, NegateDemo.ELEMENTS_PER_SECOND);
        final long t0 = System.nanoTime();
        final TransformHandle handle = transforms.start(array, TransformOp.negate(), 0, n,
            TransformOptions.defaults().withShmOptions(run.options()).withTimeout(limit.plus(TRANSFORM_GRACE)));
        run.whenStopping(() -> run.cancelAndWait(handle));
        final TransformResult result = NegateDemo.awaitShowingProgress(run, handle, label, limit, t0);
        run.step(label, result.wholeNanos(), "whole call (" + what + "); phase " + String.format(Locale.ROOT,
            "%.1f ms, %.1f GB/s read+write", result.phaseNanos() / 1e6,
            2.0 * n * Double.BYTES / Math.max(1, result.phaseNanos())));
        final long t1 = System.nanoTime();
        final long wrong = DemoData.countNot(array, sign);
        final String expected = sign < 0 ? "minus its original" : "its original again";
        run.step("verify", System.nanoTime() - t1, wrong == 0 ? "OK: every element equals " + expected :
            "FAILED: " + wrong + " elements are not " + expected);
        return wrong == 0;
    }
}
