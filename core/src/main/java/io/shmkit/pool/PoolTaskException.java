package io.shmkit.pool;

/**
 * A task threw in a worker: the exception crosses back as text (its class name, message and stack trace), never as
 * a Java object. The future of the task completes exceptionally with it ({@code get()} wraps it in an
 * {@link java.util.concurrent.ExecutionException}); {@code map} and the {@code imap} iterators throw it.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public final class PoolTaskException extends PoolException
{
    private static final long serialVersionUID = 1L;

    /** Binary class name of the worker's exception. */
    private final String remoteType;
    /** Its message, or {@code null}. */
    private final String remoteMessage;
    /** Its stack trace as {@link Throwable#printStackTrace()} prints it (causes included). */
    private final String remoteStackTrace;

    /**
     * The failure of a task.
     *
     * @param task             the task class's name.
     * @param workerIndex      the worker's index in the pool.
     * @param remoteType       binary class name of the exception thrown in the worker.
     * @param remoteMessage    its message, or {@code null}.
     * @param remoteStackTrace its stack trace as text.
     */
    public PoolTaskException(final String task, final int workerIndex, final String remoteType,
        final String remoteMessage, final String remoteStackTrace)
    {
        super("task " + task + " failed in pool worker " + workerIndex + ": " + remoteType +
            (null == remoteMessage ? "" : ": " + remoteMessage) + "\n--- the worker's stack trace ---\n" +
            remoteStackTrace.stripTrailing());
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace;
    }

    /**
     * The binary class name of the exception the task threw.
     *
     * @return e.g. {@code "java.lang.ArithmeticException"}.
     */
    public String remoteType()
    {
        return remoteType;
    }

    /**
     * The message of the exception the task threw.
     *
     * @return the message, or {@code null} if it had none.
     */
    public String remoteMessage()
    {
        return remoteMessage;
    }

    /**
     * The stack trace of the exception the task threw, as the worker printed it (with its causes).
     *
     * @return the text.
     */
    public String remoteStackTrace()
    {
        return remoteStackTrace;
    }
}
