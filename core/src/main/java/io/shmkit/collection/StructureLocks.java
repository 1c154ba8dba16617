package io.shmkit.collection;

import io.shmkit.ShmLock;
import io.shmkit.internal.segment.Segment;

/**
 * The one place where the collections use locks: one robust {@link ShmLock} per lock slot of a structure's
 * segment (slot {@code s} guards stripe {@code s}). Keeping lock use behind this class lets the lock internals
 * change without touching the structures.
 *
 * <p>A structure does not rely on {@link ShmLock#ownerDied()} alone to find a half-done update: every mutation
 * writes the stripe's dirty word first (see the descriptors), so an acquirer that finds it non-zero repairs,
 * whether the previous holder died or threw. {@link #ownerDied(int)} is kept for reporting.
 *
 * <p><b>Note:</b> thread-safe and process-safe as {@link ShmLock}; not reentrant.
 */
final class StructureLocks
{
    private final ShmLock[] locks;

    StructureLocks(final Segment segment)
    {
        this.locks = new ShmLock[segment.layout().stripeCount()];
        for (int s = 0; s < locks.length; s++)
        {
            locks[s] = ShmLock.forSlot(segment, s);
        }
    }

    int count()
    {
        return locks.length;
    }

    /** Acquire stripe {@code s}, waiting while a live process holds it; a dead holder's lock is taken over. */
    void lock(final int s)
    {
        locks[s].lock();
    }

    void unlock(final int s)
    {
        locks[s].unlock();
    }

    boolean ownerDied(final int s)
    {
        return locks[s].ownerDied();
    }

    boolean isHeldByCurrentThread(final int s)
    {
        return locks[s].isHeldByCurrentThread();
    }

    /** Whether the calling thread holds any stripe through this handle. */
    boolean anyHeldByCurrentThread()
    {
        for (final ShmLock l : locks)
        {
            if (l.isHeldByCurrentThread())
            {
                return true;
            }
        }
        return false;
    }

    long recoveries(final int s)
    {
        return locks[s].recoveries();
    }
}
