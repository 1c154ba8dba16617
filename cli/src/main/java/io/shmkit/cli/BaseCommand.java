package io.shmkit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;

import io.shmkit.segment.ShmOptions;

/**
 * What every subcommand shares: access to the global options and to the output writers.
 *
 * <p>The commands' (and demo parts') {@code @Option} and {@code @Parameters} fields look alike from one class to
 * the next, on purpose: each is a declaration of its own option, with its own name, label and help text, which
 * picocli reads from the field; there is no logic in them to share.
 */
abstract class BaseCommand implements Callable<Integer>
{
    @CommandLine.ParentCommand
    private ShmkitCommand parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Standard output of this run.
     *
     * @return the writer picocli was given.
     */
    final PrintWriter out()
    {
        return spec.commandLine().getOut();
    }

    /**
     * Standard error of this run.
     *
     * @return the writer picocli was given.
     */
    final PrintWriter err()
    {
        return spec.commandLine().getErr();
    }

    /**
     * Whether {@code --verbose} was given.
     *
     * @return true to print stack traces.
     */
    final boolean verbose()
    {
        return parent.verbose();
    }

    /**
     * Reject positional arguments that look like options but are no numbers: {@code create} and {@code set}
     * take unknown {@code -...} arguments as positional so that {@code -inf} and {@code -nan} work without
     * {@code --}, and this turns a mistyped option back into a clear usage error.
     *
     * @param positionals the positional arguments given (nulls are skipped).
     * @throws CliException (usage) naming the first argument that looks like an unknown option.
     */
    final void rejectUnknownOptions(final String... positionals)
    {
        for (final String p : positionals)
        {
            if (null != p && p.startsWith("-") && !Values.looksLikeNumber(p))
            {
                throw CliException.usage("Unknown option: '" + p + "' (see '" + spec.qualifiedName() + " --help')");
            }
        }
    }

    /**
     * Options naming the root directory.
     *
     * @return options from {@code --root} or the defaults.
     */
    final ShmOptions options()
    {
        return parent.options();
    }
}
