package io.shmkit.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Option;

import io.shmkit.Segments;
import io.shmkit.collection.SharedList;
import io.shmkit.manager.ShmManager;
import io.shmkit.process.ShmProcess;

/**
 * The demo part of Python's classic stop flag: a {@code Manager().list()} that workers append to when they find
 * what they search for, and a parent that stops submitting once the list is non-empty. Here the manager is a
 * {@link ShmManager}, the list a {@link io.shmkit.collection.SharedList}, and each unit of work a
 * {@link ShmProcess} child running {@link DemoSearchTask}, at most {@code --search-workers} at a time.
 *
 * <p>The part checks what it shows: a hit was found, the parent stopped before the last task, and work began
 * exactly for the tasks started before the parent saw the hit.
 *
 * <p><b>Note:</b> a picocli mixin of {@link DemoCommand}; runs once, on the demo's main thread.
 */
final class DemoStopFlagPart implements DemoPart
{
    /** A search whose first hit, 1500011, is in task 3 (of ranges of {@link DemoSearchTask#RANGE}). */
    static final long DEFAULT_SUFFIX = 3_000_121;
    /** Most tasks the parent starts: the hit in task 3 stops it long before. */
    static final int TASKS = 20;
    /** Bytes of a list record: a task or a hit, as 8 bytes, with room to spare. */
    private static final long RECORD_BYTES = 64;
    /** The objects of the part's manager. */
    private static final String[] KEYS = {"hits", "started"};

    @Option(
        names = "--search-workers",
        paramLabel = "S",
        defaultValue = "2",
        order = 40,
        description = "Child processes searching at a time in the stop-flag part (default: ${DEFAULT-VALUE}).")
    private int workers;

    private final long suffix;

    /** The part with its option's default, for picocli. */
    DemoStopFlagPart()
    {
        this(2, DEFAULT_SUFFIX);
    }

    /**
     * A part.
     *
     * @param workers children at a time, at least 1.
     * @param suffix  the search: a number whose square ends in these digits.
     */
    DemoStopFlagPart(final int workers, final long suffix)
    {
        this.workers = workers;
        this.suffix = suffix;
    }

    @Override
    public String name()
    {
        return "stopflag";
    }

    @Override
    public String description()
    {
        return "a Manager().list() as a stop flag: --search-workers child processes at a time search ranges of " +
            DemoSearchTask.RANGE / 1000 + " k numbers for one whose square ends in " + suffix + ", each appending " +
            "what it finds to a shared list; the parent starts no more work once the list is non-empty, and " +
            "checks that work began exactly for the tasks it started. Default deadline: " +
            DemoRun.BASE_TIMEOUT_SECONDS + " s per child.%n";
    }

    @Override
    public void validate()
    {
        if (workers < 1 || workers > 64)
        {
            throw CliException.usage("--search-workers " + workers + " must be from 1 to 64");
        }
    }

    @Override
    public boolean run(final DemoRun run) throws InterruptedException
    {
        run.beginPart("a Manager().list() as a stop flag: " + workers + " child processes at a time search for a " +
            "square ending in " + suffix + "; the parent stops starting work at the first hit");
        final Duration limit = run.phaseTimeout(1, 1);
        final long t0 = System.nanoTime();
        final Deque<ShmProcess> running = new ArrayDeque<>();
        final List<ShmProcess> all = new ArrayList<>();
        final String name = run.segmentName("search");
        run.whenStopping(() -> unlink(run, name));
        try (ShmManager manager = ShmManager.create(name, run.options()))
        {
            final SharedList hits = manager.newList(KEYS[0], TASKS, TASKS * RECORD_BYTES);
            final SharedList started = manager.newList(KEYS[1], TASKS, TASKS * RECORD_BYTES);
            run.step("create", System.nanoTime() - t0, "manager '" + name + "' with the lists 'hits' and 'started'");
            final long t1 = System.nanoTime();
            final StringBuilder pids = new StringBuilder();
            int launched = 0;
            while (launched < TASKS && hits.isEmpty())
            {
                run.checkNotStopping();
                if (running.size() == workers)
                {
                    run.joinChild(running.removeFirst(), limit);
                    continue;
                }
                final ShmProcess p = run.startChild(ShmProcess.builder().task(DemoSearchTask.class)
                    .name("search-" + launched).args(manager.name(), Integer.toString(launched), Long.toString(suffix)));
                running.addLast(p);
                all.add(p);
                pids.append(pids.length() == 0 ? "" : ", ").append(p.pid());
                launched++;
            }
            final int seenAt = launched;
            while (!running.isEmpty())
            {
                run.joinChild(running.removeFirst(), limit);
            }
            run.step("search", System.nanoTime() - t1, (seenAt == 1 ? "pid " : "pids ") + pids + ": " + seenAt +
                " of " + TASKS + " tasks started before the parent saw a hit; hits: " + hits.size());
            return verify(run, hits, started, seenAt);
        }
        finally
        {
            for (final ShmProcess p : all)
            {
                p.close();
            }
        }
    }

    /** Check that a hit was found and that work began exactly for the tasks started. */
    private static boolean verify(final DemoRun run, final SharedList hits, final SharedList started, final int seenAt)
    {
        final long t0 = System.nanoTime();
        final Set<Long> began = new HashSet<>();
        started.forEach(b -> began.add(DemoSearchTask.decode(b)));
        boolean exact = began.size() == seenAt;
        for (long k = 0; k < seenAt; k++)
        {
            exact &= began.contains(k);
        }
        // several running tasks may find one: the smallest is the search's answer, whoever appended first
        long smallest = Long.MAX_VALUE;
        for (final byte[] hit : hits)
        {
            smallest = Math.min(smallest, DemoSearchTask.decode(hit));
        }
        final boolean ok = !hits.isEmpty() && exact && seenAt < TASKS; // and the parent stopped before the last
        run.step("verify", System.nanoTime() - t0, ok ? "OK: found " + smallest + " (the smallest of " +
            hits.size() + (hits.size() == 1 ? " hit" : " hits") + "); work began for exactly the " + seenAt +
            " tasks started" :
            "FAILED: " + hits.size() + " hits; work began for tasks " + began + " of the " + seenAt + " started (of " +
            TASKS + ")");
        return ok;
    }

    /** A stop action: unlink the manager's objects and its directory, without unmapping anything. */
    private static void unlink(final DemoRun run, final String name)
    {
        for (final String key : KEYS)
        {
            Segments.remove(ShmManager.objectName(name, key), run.options());
        }
        Segments.remove(name, run.options());
    }
}
