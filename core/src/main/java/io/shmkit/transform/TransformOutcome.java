package io.shmkit.transform;

import java.util.ArrayList;
import java.util.List;

import io.shmkit.process.ChildProcessException;

/**
 * The result of a transform once its children have ended: its timings, or an exception that names each failed
 * child and every range that is not done, read from the {@link TransformControl} segments.
 *
 * <p><b>Note:</b> static and stateless; called by the coordinating thread only.
 */
final class TransformOutcome
{
    private static final long TAIL_IN_MESSAGE = 4096;

    private TransformOutcome()
    {
    }

    /**
     * The outcome of a transform whose children have all ended and been reaped, read from its control segments.
     *
     * @param co            the transform's coordinator.
     * @param shared        its control segments.
     * @param startFailures for each partition, why its child could not be started, or null.
     * @param t0            {@code System.nanoTime()} at the start of the call.
     * @param startupNanos  from the start of the call to {@code GO}.
     * @param timedOut      whether the transform timed out.
     * @return a {@link TransformResult}, or a {@link TransformException} naming what is not done.
     */
    static Object of(
        final TransformCoordinator co, final TransformControl shared, final Exception[] startFailures,
        final long t0, final long startupNanos, final boolean timedOut)
    {
        final List<Partition> partitions = co.plan.partitions();
        final WorkPlan.Leftovers left = co.plan.leftovers(shared.claims(), shared.control());
        final List<TransformException.Failure> failures = new ArrayList<>();
        Exception firstCause = null;
        long lastEnd = 0;
        long firstStart = Long.MAX_VALUE;
        for (final Partition p : partitions)
        {
            final long end = shared.workerSlot(p.index(), TransformControl.END_OFFSET);
            if (end != 0)
            {
                lastEnd = Math.max(lastEnd, end);
                firstStart = Math.min(firstStart, shared.workerSlot(p.index(), TransformControl.START_OFFSET));
                continue;
            }
            final LaunchedWorker c = co.child(p.index());
            final int code = null == c ? ChildProcessException.NOT_ENDED :
                c.exitCode().orElse(ChildProcessException.NOT_ENDED);
            failures.add(new TransformException.Failure(p, null == c ? -1 : c.pid(), code,
                null == c ? "" : c.errorText(), left.stoppedIn(p.index()), c instanceof CallerPart));
            if (null == firstCause)
            {
                firstCause = null != startFailures[p.index()] ? startFailures[p.index()] :
                    null == c ? null : c.failure(code);
            }
        }
        final long whole = System.nanoTime() - t0;
        if (failures.isEmpty() && left.allDone())
        {
            final long go = shared.callSlot(TransformControl.GO_TIME_OFFSET);
            return new TransformResult(co.total, partitions, whole, startupNanos, Math.max(0, lastEnd - go),
                Math.max(0, lastEnd - firstStart));
        }
        final List<Partition> completed = new ArrayList<>();
        for (final Partition p : partitions)
        {
            if (left.partitionDone()[p.index()])
            {
                completed.add(p);
            }
        }
        final StringBuilder msg = new StringBuilder("transform ").append(co.op).append(" of '").append(co.array.name())
            .append("' failed: ").append(failures.size()).append(" of ").append(partitions.size())
            .append(" children did not finish");
        if (timedOut)
        {
            msg.append(" (timed out after ").append(co.options.timeout().toMillis()).append(" ms)");
        }
        else if (co.isCancelled())
        {
            msg.append(" (cancelled)");
        }
        for (final TransformException.Failure f : failures)
        {
            msg.append("\n  ").append(f.describe());
        }
        for (final Partition p : partitions)
        {
            if (!left.partitionDone()[p.index()])
            {
                msg.append("\n  ").append(p).append(" did not finish: ").append(notDone(p, left));
            }
        }
        if (left.allDone())
        {
            msg.append("\n  every element is done");
        }
        for (final TransformException.Failure f : failures)
        {
            final String tail = f.stderrTail().strip();
            if (!tail.isEmpty())
            {
                msg.append(f.callerPart() ? "\n--- the exception of the caller's part, " :
                    "\n--- standard error of the child of ").append(f.partition()).append(" ---\n")
                    .append(tail.length() > TAIL_IN_MESSAGE ? "..." + tail.substring(tail.length() -
                    (int)TAIL_IN_MESSAGE) : tail);
            }
        }
        return new TransformException(msg.toString(), failures, completed, left.untouched(), firstCause);
    }

    /** The ranges of a partition that are not done, in element order: "[a, b) may be half-done, [c, d) untouched". */
    private static String notDone(final Partition p, final WorkPlan.Leftovers left)
    {
        final List<String> parts = new ArrayList<>();
        long notDone = 0;
        final List<ElementRange> doubts = new ArrayList<>();
        for (final WorkPlan.InDoubt d : left.inDoubt())
        {
            doubts.add(d.range());
        }
        final List<ElementRange> all = new ArrayList<>(doubts);
        all.addAll(left.untouched());
        all.sort((x, y) -> Long.compare(x.from(), y.from()));
        for (final ElementRange r : all)
        {
            final long from = Math.max(r.from(), p.from());
            final long to = Math.min(r.to(), p.to());
            if (from < to)
            {
                notDone += to - from;
                parts.add(new ElementRange(from, to) +
                    (doubts.contains(r) ? " may be half-done" : " untouched"));
            }
        }
        return String.join(", ", parts) + (notDone < p.length() ? "; the rest of it is done" : "");
    }
}
