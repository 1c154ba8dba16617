package io.shmkit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.shmkit.collection.SharedList;
import io.shmkit.manager.ShmManager;
import io.shmkit.process.ShmProcess;
import io.shmkit.segment.ShmOptions;

/**
 * The demo part of Python's classic stop flag: a {@code Manager().list()} that workers append to when they find
 * what they search for, and a parent that stops submitting once the list is non-empty. Here the manager is a
 * {@link ShmManager}, the list a {@link io.shmkit.collection.SharedList}, and each unit of work a
 * {@link ShmProcess} child running {@link DemoSearchTask}, at most {@code workers} at a time.
 *
 * <p>The part checks what it shows: a hit was found, the parent stopped before the last task, and work began
 * exactly for the tasks started before the parent saw the hit.
 */
final class DemoStopFlagPart
{
    /** A search whose first hit, 1500011, is in task 3 (of ranges of {@link DemoSearchTask#RANGE}). */
    static final long DEFAULT_SUFFIX = 3_000_121;

    private static final Duration CHILD_LIMIT = Duration.ofMinutes(2);

    private final int workers;
    private final int tasks;
    private final long suffix;

    /**
     * A part.
     *
     * @param workers children at a time, at least 1.
     * @param tasks   most tasks to start.
     * @param suffix  the search: a number whose square ends in these digits.
     */
    DemoStopFlagPart(final int workers, final int tasks, final long suffix)
    {
        this.workers = workers;
        this.tasks = tasks;
        this.suffix = suffix;
    }

    /**
     * Run the part.
     *
     * @param out     where to report.
     * @param options root of the segments.
     * @param base    prefix of the segment names.
     * @return true if every check held.
     * @throws InterruptedException if interrupted while waiting for a child.
     */
    boolean run(final PrintWriter out, final ShmOptions options, final String base) throws InterruptedException
    {
        out.println();
        out.println("Part: a Manager().list() as a stop flag: " + workers + " children at a time search for a " +
            "square ending in " + suffix + "; the parent stops starting work at the first hit");
        final long t0 = System.nanoTime();
        final Deque<ShmProcess> running = new ArrayDeque<>();
        final List<ShmProcess> all = new ArrayList<>();
        try (ShmManager manager = ShmManager.create(base + "-search", options))
        {
            final SharedList hits = manager.newList("hits", tasks, tasks * 64L);
            final SharedList started = manager.newList("started", tasks, tasks * 64L);
            int launched = 0;
            while (launched < tasks && hits.isEmpty())
            {
                if (running.size() == workers)
                {
                    running.removeFirst().joinAndCheck(CHILD_LIMIT);
                    continue;
                }
                final ShmProcess p = ShmProcess.builder().task(DemoSearchTask.class).name("search-" + launched)
                    .args(manager.name(), Integer.toString(launched), Long.toString(suffix)).shmOptions(options)
                    .start();
                running.addLast(p);
                all.add(p);
                launched++;
            }
            final int seenAt = launched;
            for (final ShmProcess p : running)
            {
                p.joinAndCheck(CHILD_LIMIT);
            }
            final Set<Long> began = new HashSet<>();
            started.forEach(b -> began.add(DemoSearchTask.decode(b)));
            boolean exact = began.size() == seenAt;
            for (long k = 0; k < seenAt; k++)
            {
                exact &= began.contains(k);
            }
            out.println(String.format(Locale.ROOT, "  %d tasks started before the hit was seen, %d hit(s): %s; " +
                "work began for exactly those tasks: %s; %.1f ms", seenAt, hits.size(),
                hits.isEmpty() ? "-" : Long.toString(DemoSearchTask.decode(hits.get(0))), exact ? "yes" : "NO",
                (System.nanoTime() - t0) / 1e6));
            out.flush();
            return !hits.isEmpty() && exact && seenAt <= tasks;
        }
        finally
        {
            for (final ShmProcess p : all)
            {
                p.close();
            }
        }
    }
}
