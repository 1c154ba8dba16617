package io.shmkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

import io.shmkit.segment.ShmOptions;

/**
 * The top-level {@code shmkit} command: global options and the list of subcommands.
 */
@Command(
    name = "shmkit",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = ShmkitCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Inspect and drive shmkit's shared-memory segments (typed Values and Arrays in named files under " +
            "/dev/shm): list, inspect, remove and clean them up, create persistent ones for scripts, read and " +
            "write elements, and run a demo.%n"},
    subcommands = {
        LsCommand.class,
        InspectCommand.class,
        RmCommand.class,
        CleanCommand.class,
        CreateCommand.class,
        GetCommand.class,
        SetCommand.class,
        DemoCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:operational failure (no such segment, not a shmkit segment, no space, I/O error)",
        "2:usage error (bad arguments, unknown command or option, bad typecode or number, value or index out of " +
            "range)"},
    footer = {"%nErrors are one line on standard error, 'shmkit: <message>'; --verbose adds the stack trace."})
final class ShmkitCommand implements Callable<Integer>
{
    @Option(
        names = "--root",
        paramLabel = "DIR",
        scope = ScopeType.INHERIT,
        description = "Directory holding the segments (default: the " + ShmOptions.ROOT_PROP_NAME +
            " system property, else " + ShmOptions.DEFAULT_ROOT + ").")
    private Path root;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    private boolean verbose;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        throw CliException.usage(
            "missing command (one of " + String.join(", ", spec.subcommands().keySet()) + "; see 'shmkit --help')");
    }

    /**
     * Whether {@code --verbose} was given.
     *
     * @return true to print stack traces.
     */
    boolean verbose()
    {
        return verbose;
    }

    /**
     * The options for the root directory given by {@code --root}, or the default root.
     *
     * @return options with the root set.
     * @throws CliException a usage error if {@code --root} is not a directory, a failure if the default root
     *                      does not exist.
     */
    ShmOptions options()
    {
        final ShmOptions defaults = ShmOptions.defaults();
        if (null != root)
        {
            if (!Files.isDirectory(root))
            {
                throw CliException.usage("--root " + root + " is not a directory");
            }
            return defaults.withRoot(root);
        }
        if (!Files.isDirectory(defaults.root()))
        {
            throw CliException.failure(
                "root directory " + defaults.root() + " does not exist (use --root DIR or -D" +
                ShmOptions.ROOT_PROP_NAME + "=DIR)");
        }
        return defaults;
    }

    /** Reads the version written into the jar at build time. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion() throws IOException
        {
            final Properties p = new Properties();
            try (InputStream in = ShmkitCommand.class.getResourceAsStream("version.properties"))
            {
                if (null != in)
                {
                    p.load(in);
                }
            }
            return new String[] {
                "shmkit " + p.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }
}
