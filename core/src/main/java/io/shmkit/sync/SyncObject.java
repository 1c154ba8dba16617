package io.shmkit.sync;

import io.shmkit.segment.SharedHandle;

/**
 * What every synchronisation primitive of this package has: a name, and a segment to close and unlink.
 *
 * <p><b>Note:</b> {@link #close()} is idempotent and must not race with operations in flight in other threads of
 * this process; every operation after it throws {@link IllegalStateException}.
 */
public abstract sealed class SyncObject implements SharedHandle
    permits LockObject, SharedSemaphore, SharedEvent, SharedCondition, SharedBarrier
{
    final SyncSegment segment;

    SyncObject(final SyncSegment segment)
    {
        this.segment = segment;
    }

    /**
     * The segment name.
     *
     * @return the name.
     */
    public final String name()
    {
        return segment.name();
    }

    /**
     * Remove the name; handles already open, here and in other processes, stay usable.
     *
     * @return true if a file was removed.
     */
    public final boolean unlink()
    {
        return segment.unlink();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed.
     */
    public final boolean isClosed()
    {
        return segment.isClosed();
    }

    /** Unmap; idempotent. Release what this thread holds first: a closed handle cannot. */
    @Override
    public void close()
    {
        segment.close();
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{" + segment.name() + (segment.isClosed() ? ", closed}" : "}");
    }
}
