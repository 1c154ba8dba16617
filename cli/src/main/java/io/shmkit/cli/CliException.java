package io.shmkit.cli;

/**
 * A failure of a command, carrying the exit code the tool ends with and a message meant for the user: one
 * line, no stack trace (unless {@code --verbose}).
 */
final class CliException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CliException(final int exitCode, final String message, final Throwable cause)
    {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * A usage error: bad arguments, bad typecode, bad number, out-of-range value or index.
     *
     * @param message what is wrong, naming the value.
     * @return an exception with exit code {@link Main#EXIT_USAGE}.
     */
    static CliException usage(final String message)
    {
        return new CliException(Main.EXIT_USAGE, message, null);
    }

    /**
     * An operational failure: no such segment, a foreign file, no space, ...
     *
     * @param message what went wrong.
     * @return an exception with exit code {@link Main#EXIT_FAILURE}.
     */
    static CliException failure(final String message)
    {
        return new CliException(Main.EXIT_FAILURE, message, null);
    }

    /**
     * An operational failure with its cause (shown with {@code --verbose}).
     *
     * @param message what went wrong.
     * @param cause   the underlying exception.
     * @return an exception with exit code {@link Main#EXIT_FAILURE}.
     */
    static CliException failure(final String message, final Throwable cause)
    {
        return new CliException(Main.EXIT_FAILURE, message, cause);
    }

    int exitCode()
    {
        return exitCode;
    }
}
