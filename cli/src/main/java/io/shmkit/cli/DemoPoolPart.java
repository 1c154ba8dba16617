package io.shmkit.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.shmkit.Segments;
import io.shmkit.collection.SharedList;
import io.shmkit.pool.Pool;
import picocli.CommandLine.Option;

/**
 * The demo part of Python's {@code Pool}: the classic early stop on a pool of warm worker JVMs. Workers search
 * ranges of numbers for one whose square ends in given digits and append what they find to a shared list; the
 * parent submits ranges (a few per worker ahead) with {@code applyAsync} while the list is empty, shows the
 * completed tasks as a progress bar, then {@code terminate()}s the pool.
 *
 * <p>The part checks what it shows: the smallest hit is the answer of a sequential search, the parent stopped
 * before the last range, and no worker is left after {@code terminate()}.
 *
 * <p><b>Note:</b> a picocli mixin of {@link DemoCommand}; runs once, on the demo's main thread.
 */
final class DemoPoolPart implements DemoPart
{
    /** Numbers each task searches. */
    static final long RANGE = 100_000;
    /** Most ranges the parent submits: the hit in range 15 stops it long before. */
    static final int TASKS = 500;

    @Option(
        names = "--pool-workers",
        paramLabel = "P",
        defaultValue = "2",
        order = 50,
        description = "Worker JVMs of the pool part (default: ${DEFAULT-VALUE}).")
    private int workers;

    private final long suffix;

    /** The part with its option's default, for picocli. */
    DemoPoolPart()
    {
        this(2, DemoStopFlagPart.DEFAULT_SUFFIX);
    }

    /**
     * A part.
     *
     * @param workers worker JVMs, at least 1.
     * @param suffix  the search: a number whose square ends in these digits.
     */
    DemoPoolPart(final int workers, final long suffix)
    {
        this.workers = workers;
        this.suffix = suffix;
    }

    @Override
    public String name()
    {
        return "pool";
    }

    @Override
    public String description()
    {
        return "a Pool with early stop: --pool-workers warm worker JVMs search ranges of " + RANGE / 1000 +
            " k numbers for one whose square ends in " + suffix + " (apply_async, a few ranges per worker ahead), " +
            "appending hits to a shared list; the parent stops submitting at the first hit, shows the completed " +
            "tasks as a progress bar, terminates the pool and checks the answer against a sequential search. " +
            "Default deadline: " + DemoRun.BASE_TIMEOUT_SECONDS + " s per task.%n";
    }

    @Override
    public void validate()
    {
        if (workers < 1 || workers > 64)
        {
            throw CliException.usage("--pool-workers " + workers + " must be from 1 to 64");
        }
    }

    /** The smallest power of ten above {@code suffix}. */
    static long modulus(final long suffix)
    {
        long modulus = 10;
        while (modulus <= suffix)
        {
            modulus *= 10;
        }
        return modulus;
    }

    /** The first number of range {@code k} whose square ends in {@code suffix}, or -1. */
    static long search(final long k, final long suffix, final long modulus)
    {
        for (long n = k * RANGE; n < (k + 1) * RANGE; n++)
        {
            if ((n * n) % modulus == suffix)
            {
                return n;
            }
        }
        return -1;
    }

    @Override
    public boolean run(final DemoRun run) throws InterruptedException
    {
        run.beginPart("a Pool with early stop: " + workers + " warm worker JVMs search for a square ending in " +
            suffix + "; the parent stops submitting at the first hit, then terminates the pool");
        final Duration limit = run.phaseTimeout(1, 1);
        final String listName = run.segmentName("poolhits");
        run.whenStopping(() -> Segments.remove(listName, run.options()));
        final long t0 = System.nanoTime();
        try (SharedList hits = SharedList.create(listName, TASKS, TASKS * 64L, run.options()))
        {
            final Pool pool = Pool.builder().workers(workers).name(run.segmentName("pool")).shmOptions(run.options())
                .classDataArchive(run.classDataArchive()).initializer(DemoPoolTasks.Init.class, listName,
                    Long.toString(suffix)).startTimeout(limit).start();
            run.whenStopping(pool::terminate);
            final List<ProcessHandle> processes = pool.workerPids().stream().map(ProcessHandle::of)
                .flatMap(Optional::stream).collect(Collectors.toList());
            try
            {
                run.step("start", System.nanoTime() - t0, workers + " workers started, warmed up and initialised");
                final long t1 = System.nanoTime();
                final int seenAt = submitUntilHit(run, pool, hits, limit);
                final long completed = pool.completedTasks();
                run.step("search", System.nanoTime() - t1, seenAt + " of " + TASKS + " ranges submitted before " +
                    "the parent saw a hit, " + completed + " completed; hits: " + hits.size());
                final long t2 = System.nanoTime();
                pool.terminate();
                run.step("terminate", System.nanoTime() - t2, "workers killed, pool segments removed");
                return verify(run, hits, seenAt, processes);
            }
            finally
            {
                pool.terminate();
                hits.unlink();
            }
        }
    }

    /** Python: for k in range(TASKS): if hits: break; pool.apply_async(search, (k,)) -- a few per worker ahead. */
    private int submitUntilHit(final DemoRun run, final Pool pool, final SharedList hits, final Duration limit)
        throws InterruptedException
    {
        final ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
        final Progress bar = run.progress("ranges", TASKS);
        int k = 0;
        while (k < TASKS && hits.isEmpty())
        {
            run.checkNotStopping();
            if (inFlight.size() == 2 * workers)
            {
                awaitOne(run, inFlight.removeFirst(), limit);
                bar.update(pool.completedTasks());
                continue;
            }
            inFlight.addLast(pool.applyAsync(DemoPoolTasks.Search.class, (long)k++));
        }
        bar.finish(pool.completedTasks());
        return k;
    }

    private static void awaitOne(final DemoRun run, final CompletableFuture<Long> f, final Duration limit)
        throws InterruptedException
    {
        try
        {
            f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw CliException.failure("demo: a pool task failed: " + DemoRun.firstLine(ex.getCause().getMessage()));
        }
        catch (final TimeoutException ex)
        {
            throw run.timedOut("a pool task did not complete within " + limit.toSeconds() + " s");
        }
    }

    /** Check the answer against a sequential search, the early stop, and that no worker is left. */
    private boolean verify(final DemoRun run, final SharedList hits, final int seenAt,
        final List<ProcessHandle> processes)
    {
        final long t0 = System.nanoTime();
        final long modulus = modulus(suffix);
        long expected = -1;
        for (long k = 0; k < TASKS && expected < 0; k++)
        {
            expected = search(k, suffix, modulus);
        }
        long smallest = Long.MAX_VALUE;
        for (final byte[] hit : hits)
        {
            smallest = Math.min(smallest, DemoSearchTask.decode(hit));
        }
        final boolean noneLeft = processes.stream().noneMatch(ProcessHandle::isAlive);
        final boolean ok = smallest == expected && seenAt < TASKS && noneLeft && !processes.isEmpty();
        run.step("verify", System.nanoTime() - t0, ok ? "OK: found " + smallest + " as a sequential search does; " +
            "stopped after " + seenAt + " of " + TASKS + " ranges; no worker left" :
            "FAILED: smallest hit " + smallest + ", expected " + expected + "; " + seenAt + " of " + TASKS +
            " ranges submitted; " + processes.size() + " workers seen, " +
            (noneLeft ? "none left" : "some still alive"));
        return ok;
    }
}
