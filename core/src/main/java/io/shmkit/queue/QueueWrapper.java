package io.shmkit.queue;

/**
 * What the queue types that wrap a {@link ShmQueue} ({@link SimpleQueue}, {@link JoinableQueue}) share: the
 * wrapped queue, and its name, unlink and close forwarded.
 *
 * <p><b>Note:</b> thread-safe and process-safe, as {@link ShmQueue}.
 *
 * @param <T> the type of the messages.
 */
abstract class QueueWrapper<T> implements AutoCloseable
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
    public final String name()
    {
        return queue.name();
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
