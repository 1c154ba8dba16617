package io.shmkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.stream.Collectors;

import picocli.CommandLine;

/**
 * Turns exceptions into the tool's one-line messages and exit codes.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class Errors
{
    private Errors()
    {
    }

    /**
     * Print {@code shmkit: <message>} (and the stack trace if verbose) and return the exit code for it.
     *
     * @param err     where to print.
     * @param ex      the failure.
     * @param verbose whether to print the stack trace.
     * @return {@link Main#EXIT_USAGE} for bad input, else {@link Main#EXIT_FAILURE}.
     */
    static int report(final PrintWriter err, final Throwable ex, final boolean verbose)
    {
        err.println("shmkit: " + message(ex));
        if (verbose)
        {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode(ex);
    }

    /**
     * The exit code for a failure.
     *
     * @param ex the failure.
     * @return {@link Main#EXIT_USAGE} for a {@link CliException} usage error or bad input rejected by the
     *         library ({@link IllegalArgumentException}, {@link IndexOutOfBoundsException}), otherwise
     *         {@link Main#EXIT_FAILURE}.
     */
    static int exitCode(final Throwable ex)
    {
        if (ex instanceof CliException)
        {
            return ((CliException)ex).exitCode();
        }
        if (ex instanceof CommandLine.ParameterException ||
            ex instanceof IllegalArgumentException ||
            ex instanceof IndexOutOfBoundsException)
        {
            return Main.EXIT_USAGE;
        }
        return Main.EXIT_FAILURE;
    }

    /**
     * A one-line description of a failure, without class names where the message says it all.
     *
     * @param ex the failure.
     * @return the message.
     */
    static String message(final Throwable ex)
    {
        if (ex instanceof UncheckedIOException && null != ex.getCause())
        {
            return ioMessage(ex.getCause());
        }
        if (ex instanceof IOException)
        {
            return ioMessage(ex);
        }
        final String m = ex.getMessage();
        if (ex instanceof CliException || ex instanceof RuntimeException && null != m && !m.isBlank())
        {
            return oneLine(null == m ? ex.toString() : m);
        }
        return oneLine(ex.toString());
    }

    private static String ioMessage(final Throwable io)
    {
        if (io instanceof FileSystemException)
        {
            final FileSystemException fs = (FileSystemException)io;
            if (null != fs.getReason())
            {
                return oneLine(fs.getReason());
            }
            return oneLine(io.getClass().getSimpleName() + ": " + fs.getFile());
        }
        return oneLine(null == io.getMessage() ? io.toString() : io.getMessage());
    }

    /**
     * The message of a picocli parse error, phrased for this tool, with a pointer to the right help.
     *
     * @param ex the parse error.
     * @return one line.
     */
    static String usageMessage(final CommandLine.ParameterException ex)
    {
        final CommandLine cl = ex.getCommandLine();
        final String qualified = cl.getCommandSpec().qualifiedName();
        if (ex instanceof CommandLine.UnmatchedArgumentException && null == cl.getParent() &&
            !cl.getSubcommands().isEmpty())
        {
            final CommandLine.UnmatchedArgumentException u = (CommandLine.UnmatchedArgumentException)ex;
            final String first = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
            if (!first.startsWith("-"))
            {
                return "unknown command '" + first + "' (commands: " +
                    cl.getSubcommands().keySet().stream().collect(Collectors.joining(", ")) +
                    "; see '" + qualified + " --help')";
            }
        }
        return oneLine(ex.getMessage()) + " (see '" + qualified + " --help')";
    }

    private static String oneLine(final String s)
    {
        return s.replace('\n', ' ').replace("\r", "").trim();
    }
}
