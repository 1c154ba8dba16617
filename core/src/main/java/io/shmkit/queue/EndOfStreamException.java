package io.shmkit.queue;

/**
 * Thrown by a read when the queue is drained and every producer it expects has closed (or died): no more
 * messages will come. A distinct signal, not a timeout.
 *
 * <p><b>Note:</b> immutable once thrown; thread-safe.
 */
public final class EndOfStreamException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An end-of-stream signal.
     *
     * @param queue the queue's name.
     */
    public EndOfStreamException(final String queue)
    {
        super("queue '" + queue + "' is drained and all its producers have closed");
    }
}
