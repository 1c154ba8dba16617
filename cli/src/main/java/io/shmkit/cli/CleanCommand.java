package io.shmkit.cli;

import java.util.List;

import picocli.CommandLine.Command;

import io.shmkit.Segments;
import io.shmkit.segment.ShmOptions;

/**
 * {@code shmkit clean}: remove the segments whose creator is dead.
 */
@Command(
    name = "clean",
    header = "Remove the segments whose creator process is dead.",
    description = {
        "Remove the non-persistent segments whose creator process is dead (a reused pid does not count as " +
            "alive), and temporary files left by creators that died while creating a segment. Persistent " +
            "segments, segments of live creators and files that are not shmkit segments are left alone. Prints " +
            "'removed NAME' for each file removed, or 'nothing to clean under DIR'.%n"})
final class CleanCommand extends BaseCommand
{
    @Override
    public Integer call()
    {
        final ShmOptions options = options();
        final List<String> removed = Segments.clean(options);
        for (final String name : removed)
        {
            out().println("removed " + name);
        }
        if (removed.isEmpty())
        {
            out().println("nothing to clean under " + options.root());
        }
        return Main.EXIT_OK;
    }
}
