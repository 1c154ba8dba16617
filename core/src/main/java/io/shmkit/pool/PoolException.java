package io.shmkit.pool;

import io.shmkit.segment.ShmException;

/**
 * A failure of a {@link Pool}: base of {@link PoolTaskException} (a task threw in a worker) and
 * {@link WorkerDiedException} (a worker ended while it held the task); thrown as is when the pool cannot start its
 * workers.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public class PoolException extends ShmException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what went wrong.
     */
    public PoolException(final String message)
    {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what went wrong.
     * @param cause   the underlying failure.
     */
    public PoolException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
