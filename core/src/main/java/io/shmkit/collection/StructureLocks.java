package io.shmkit.collection;

import io.shmkit.internal.lock.RobustLock;
import io.shmkit.internal.segment.Segment;

/**
 * The one place where the collections use locks: one {@link RobustLock} (the procedure of every shmkit lock, as
 * {@code ShmLock}'s stripes use it) per lock slot of a structure's segment (slot {@code s} guards stripe {@code s}).
 * Keeping lock use behind this class lets the lock internals change without touching the structures.
 *
 * <p>A structure does not rely on {@link RobustLock#ownerDied()} to find a half-done update: every mutation writes
 * the stripe's dirty word first (see the descriptors), so an acquirer that finds it non-zero repairs, whether the
 * previous holder died or threw.
 *
 * <p><b>Note:</b> thread-safe and process-safe as {@code ShmLock}; not reentrant.
 */
final class StructureLocks
{
    private final RobustLock[] locks;

    StructureLocks(final Segment segment)
    {
        this.locks = new RobustLock[segment.layout().stripeCount()];
        for (int s = 0; s < locks.length; s++)
        {
            locks[s] = new RobustLock(segment, segment.lockWordAddress(s),
                "stripe " + s + " of '" + segment.name() + "'", RobustLock.DEFAULT_HANDOFF_AFTER_NS);
        }
    }

    int count()
    {
        return locks.length;
    }

    /** Acquire stripe {@code s}, waiting while a live process holds it; a dead holder's lock is taken over. */
    void lock(final int s)
    {
        locks[s].acquire(Long.MAX_VALUE, false);
    }

    void unlock(final int s)
    {
        locks[s].release();
    }

    /** Whether the calling thread holds any stripe through this handle. */
    boolean anyHeldByCurrentThread()
    {
        for (final RobustLock l : locks)
        {
            if (l.isHeldByCurrentThread())
            {
                return true;
            }
        }
        return false;
    }
}
