package io.shmkit.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.shmkit.Segments;
import io.shmkit.segment.ShmOptions;

/**
 * {@code shmkit rm NAME...}: remove shmkit segments by name, refusing files that are not shmkit segments.
 */
@Command(
    name = "rm",
    header = "Remove segments by name (never a file that is not a shmkit segment).",
    sortOptions = false,
    description = {
        "Remove shmkit segments by name, persistent or not, whoever created them. Processes that have a " +
            "segment open keep their mapping until they close it. A file that is not a shmkit segment is " +
            "refused and left alone. Prints 'removed NAME' for each segment removed; every name is tried, and " +
            "the exit code is that of the worst failure.%n"})
final class RmCommand extends BaseCommand
{
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Segment names.")
    private List<String> names;

    @Option(names = {"-f", "--force"}, description = "Do not fail for names that do not exist.")
    private boolean force;

    @Override
    public Integer call()
    {
        final ShmOptions options = options();
        int exit = Main.EXIT_OK;
        for (final String name : names)
        {
            try
            {
                if (Segments.remove(name, options))
                {
                    out().println("removed " + name);
                }
                else if (!force)
                {
                    throw CliException.failure("no segment named '" + name + "'");
                }
            }
            catch (final RuntimeException ex)
            {
                out().flush();
                exit = Math.max(exit, Errors.report(err(), ex, verbose()));
            }
        }
        return exit;
    }
}
