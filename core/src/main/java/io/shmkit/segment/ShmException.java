package io.shmkit.segment;

/**
 * Base of shmkit's own unchecked exceptions.
 *
 * <p><b>Note:</b> immutable once thrown; thread-safe.
 */
public class ShmException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what went wrong.
     */
    public ShmException(final String message)
    {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what went wrong.
     * @param cause   the underlying failure.
     */
    public ShmException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
