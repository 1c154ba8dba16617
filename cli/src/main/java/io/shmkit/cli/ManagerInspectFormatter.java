package io.shmkit.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import io.shmkit.Segments;
import io.shmkit.manager.ShmManager;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.ShmOptions;

/**
 * The manager part of {@code shmkit inspect}: whether its owner runs, its directory's entries and capacity, and
 * one line per object (key, kind, segment, size). Attaching registers nothing, and reads no lock.
 *
 * <p><b>Note:</b> stateless; called from the command's thread.
 */
final class ManagerInspectFormatter
{
    private ManagerInspectFormatter()
    {
    }

    /**
     * Print the manager's directory.
     *
     * @param out     where to print.
     * @param name    the segment, of kind manager.
     * @param options segment options.
     */
    static void print(final PrintWriter out, final String name, final ShmOptions options)
    {
        final ShmManager manager;
        try
        {
            manager = ShmManager.attach(name, options);
        }
        catch (final IllegalStateException ex)
        {
            Formats.keyLine(out, "manager", "closed by its owner (its objects are gone or going)");
            return;
        }
        try (manager)
        {
            final List<String> keys = manager.keys();
            Formats.keyLine(out, "manager", "owner " + (manager.isOwnerAlive() ? "alive" : "dead (shmkit clean " +
                "removes its objects)") + ", " + keys.size() + " of " + manager.capacity() + " objects");
            for (final String key : keys)
            {
                out.println("  " + key + ": " + describe(ShmManager.objectName(name, key), options));
            }
        }
    }

    /** An object's kind, segment and size, or that it is gone. */
    private static String describe(final String segment, final ShmOptions options)
    {
        try
        {
            final SegmentInfo info = Segments.inspect(segment, options);
            return info.kind().name().toLowerCase(Locale.ROOT) + " '" + segment + "', " +
                Formats.humanBytes(info.fileLength());
        }
        catch (final UncheckedIOException ex)
        {
            return "'" + segment + "' is gone";
        }
    }
}
