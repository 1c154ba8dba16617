package io.shmkit.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;

import picocli.CommandLine;

/**
 * Entry point of the {@code shmkit} command-line tool: {@code ls}, {@code inspect}, {@code rm},
 * {@code clean}, {@code create}, {@code get}, {@code set} and {@code demo} (see {@code docs/cli.md}).
 *
 * <p>Exit codes: {@link #EXIT_OK} on success, {@link #EXIT_FAILURE} for an operational failure (no such
 * segment, a file that is not a shmkit segment, no space, ...), {@link #EXIT_USAGE} for bad arguments (unknown
 * command or option, bad typecode, bad number, value or index out of range). Errors are one line on standard
 * error, {@code shmkit: <message>}; {@code --verbose} adds the stack trace.
 *
 * <p><b>Throws:</b> nothing: {@link #run} reports every failure of a command as that one line and returns its exit
 * code; {@link #main} exits the JVM with it.
 *
 * <p><b>Note:</b> {@link #run} may be called from several threads, each call with its own writers; the
 * commands it runs are as thread- and process-safe as the shmkit operations they perform.
 */
public final class Main
{
    /** Exit code of a successful command. */
    public static final int EXIT_OK = 0;
    /** Exit code of an operational failure: no such segment, a foreign file, no space, an I/O error. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a usage error: bad arguments, typecode, number, or a value or index out of range. */
    public static final int EXIT_USAGE = 2;

    private Main()
    {
    }

    /**
     * Run the tool and exit the JVM with its exit code.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        final Charset cs = Charset.defaultCharset();
        final PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), cs));
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), cs));
        final int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Run the tool in this JVM, printing to the given writers, without exiting.
     *
     * @param out  standard output of the command.
     * @param err  where errors and usage go.
     * @param args command-line arguments.
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_FAILURE} or {@link #EXIT_USAGE}.
     */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args)
    {
        final int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The configured picocli command line, with error handling that prints one line per error.
     *
     * @param out standard output.
     * @param err standard error.
     * @return a new command line.
     */
    static CommandLine commandLine(final PrintWriter out, final PrintWriter err)
    {
        final ShmkitCommand top = new ShmkitCommand();
        final CommandLine cl = new CommandLine(top);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Values such as -5 or -inf are arguments of create and set, not unknown options.
        for (final String name : new String[] {"create", "set"})
        {
            cl.getSubcommands().get(name).setUnmatchedOptionsArePositionalParams(true);
        }
        cl.setParameterExceptionHandler((ex, args) ->
        {
            final PrintWriter e = ex.getCommandLine().getErr();
            e.println("shmkit: " + Errors.usageMessage(ex));
            if (Arrays.asList(args).contains("--verbose"))
            {
                ex.printStackTrace(e);
            }
            e.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            Errors.report(commandLine.getErr(), ex, top.verbose()));
        return cl;
    }
}
