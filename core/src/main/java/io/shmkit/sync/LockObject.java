package io.shmkit.sync;

import java.util.concurrent.locks.Condition;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.lock.RobustLock;
import io.shmkit.segment.ProcessIdentity;

/**
 * What the two named locks share: one robust lock slot and what can be asked of it.
 */
abstract sealed class LockObject extends SyncObject permits SharedLock, SharedRLock
{
    final RobustLock lock;

    LockObject(final SyncSegment segment, final String what)
    {
        super(segment);
        this.lock = segment.lock(LockDescriptor.LOCK_SLOT, what + " '" + segment.name() + "'",
            RobustLock.DEFAULT_HANDOFF_AFTER_NS);
    }

    /**
     * Not supported: use {@link SharedCondition}, which carries its own lock.
     *
     * @return never.
     * @throws UnsupportedOperationException always.
     */
    public final Condition newCondition()
    {
        throw new UnsupportedOperationException("use SharedCondition, a condition with its own lock");
    }

    /**
     * Whether the current hold was taken over from a dead owner (the data it guards may be half-updated).
     *
     * @return true if the calling thread holds the lock and the previous owner died holding it.
     */
    public final boolean ownerDied()
    {
        return lock.ownerDied();
    }

    /**
     * Whether the calling thread holds the lock through this handle.
     *
     * @return true if so.
     */
    public final boolean isHeldByCurrentThread()
    {
        return lock.isHeldByCurrentThread();
    }

    /**
     * The owning process (pid, low 32 bits of its start time), a volatile read.
     *
     * @return the owner, or null if free.
     * @throws IllegalStateException if closed.
     */
    public final ProcessIdentity owner()
    {
        return lock.owner();
    }

    /**
     * Whether the owner is alive, by {@code /proc}.
     *
     * @return false if free or held by a dead process.
     * @throws IllegalStateException if closed.
     */
    public final boolean isOwnerAlive()
    {
        final long w = lock.word();
        return w != 0 && LockWords.isOwnerAlive(w);
    }

    /**
     * Take-overs from dead owners since creation.
     *
     * @return the recovery count.
     * @throws IllegalStateException if closed.
     */
    public final long recoveries()
    {
        return lock.recoveries();
    }
}
