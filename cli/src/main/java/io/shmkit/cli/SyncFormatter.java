package io.shmkit.cli;

import java.io.PrintWriter;
import java.util.Locale;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.sync.SharedBarrier;
import io.shmkit.sync.SharedCondition;
import io.shmkit.sync.SharedEvent;
import io.shmkit.sync.SharedLock;
import io.shmkit.sync.SharedRLock;
import io.shmkit.sync.SharedSemaphore;

/**
 * The state of a synchronisation primitive for {@code shmkit inspect}: owner and whether it is alive, permits,
 * waiters, parties arrived, broken. Reads without taking any lock, so it never waits.
 */
final class SyncFormatter
{
    private static final String KEY_FORMAT = "%-16s%s";

    private SyncFormatter()
    {
    }

    /**
     * Whether the kind is a synchronisation primitive this formatter shows.
     *
     * @param kind the segment's kind.
     * @return true for lock, rlock, semaphore, event, condition and barrier.
     */
    static boolean handles(final SegmentKind kind)
    {
        return switch (kind)
        {
            case LOCK, RLOCK, SEMAPHORE, EVENT, CONDITION, BARRIER -> true;
            default -> false;
        };
    }

    /**
     * Print the primitive's state.
     *
     * @param out     where to.
     * @param kind    its kind.
     * @param name    the segment name.
     * @param options root and open timeout.
     */
    static void print(final PrintWriter out, final SegmentKind kind, final String name, final ShmOptions options)
    {
        line(out, "primitive", kind.name().toLowerCase(Locale.ROOT));
        switch (kind)
        {
            case LOCK ->
            {
                try (SharedLock l = SharedLock.open(name, options))
                {
                    line(out, "owner", owner(l.owner(), l.isOwnerAlive()));
                    line(out, "recoveries", Long.toString(l.recoveries()));
                }
            }
            case RLOCK ->
            {
                try (SharedRLock l = SharedRLock.open(name, options))
                {
                    line(out, "owner", owner(l.owner(), l.isOwnerAlive()));
                    line(out, "hold count", Long.toString(l.recordedHoldCount()));
                    line(out, "recoveries", Long.toString(l.recoveries()));
                }
            }
            case SEMAPHORE ->
            {
                try (SharedSemaphore s = SharedSemaphore.open(name, options))
                {
                    line(out, "permits", s.availablePermits() + " available" + (s.isBounded() ? " (bounded)" : ""));
                    line(out, "waiters", Long.toString(s.waiters()));
                    line(out, "reclaimed", s.reclaimed() + " permits given back from dead holders");
                }
            }
            case EVENT ->
            {
                try (SharedEvent e = SharedEvent.open(name, options))
                {
                    line(out, "flag", e.isSet() ? "set" : "clear");
                    line(out, "waiters", Long.toString(e.waiters()));
                }
            }
            case CONDITION ->
            {
                try (SharedCondition c = SharedCondition.open(name, options))
                {
                    line(out, "waiters", Long.toString(c.waiters()));
                }
            }
            case BARRIER ->
            {
                try (SharedBarrier b = SharedBarrier.open(name, null, options))
                {
                    line(out, "parties", b.getNumberWaiting() + " of " + b.getParties() + " arrived");
                    line(out, "broken", b.isBroken() ? "yes (reset to use it again)" : "no");
                }
            }
            default -> throw new IllegalArgumentException("not a synchronisation primitive: " + kind);
        }
    }

    private static String owner(final ProcessIdentity owner, final boolean alive)
    {
        return null == owner ? "none (free)" : "pid " + owner.pid() + (alive ? " (alive)" : " (dead)");
    }

    private static void line(final PrintWriter out, final String key, final String value)
    {
        out.println(String.format(KEY_FORMAT, key + ":", value));
    }
}
