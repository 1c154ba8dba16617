package io.shmkit.queue;

import io.shmkit.segment.SharedHandle;

/**
 * What the queue types that wrap a {@link ShmQueue} ({@link SimpleQueue}, {@link JoinableQueue}) share: the
 * wrapped queue, and its name, unlink and close forwarded.
 *
 * <p><b>Note:</b> thread-safe and process-safe, as {@link ShmQueue}.
 *
 * @param <T> the type of the messages.
 */
abstract class QueueWrapper<T> implements SharedHandle
{
    final ShmQueue<T> queue;

    QueueWrapper(final ShmQueue<T> queue)
    {
        this.queue = queue;
    }

    /**
     * The segment's name.
     *
     * @return the name.
     */
    @Override
    public final String name()
    {
        return queue.name();
    }

    /**
     * Whether this handle has been closed.
     *
     * @return true once closed.
     */
    @Override
    public final boolean isClosed()
    {
        return queue.isClosed();
    }

    /**
     * Remove the queue's name.
     *
     * @return true if a file was removed.
     */
    public final boolean unlink()
    {
        return queue.unlink();
    }

    /** Close this handle (idempotent); if it wrote, its producer side ends. */
    @Override
    public final void close()
    {
        queue.close();
    }
}
