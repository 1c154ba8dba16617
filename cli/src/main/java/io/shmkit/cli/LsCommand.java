package io.shmkit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.shmkit.Segments;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.ShmOptions;

/**
 * {@code shmkit ls}: the shmkit segments under the root, as a table, tab-separated values or plain names.
 */
@Command(
    name = "ls",
    header = "List the shmkit segments (table, tab-separated or names).",
    sortOptions = false,
    description = {
        "List the shmkit segments under the root, sorted by name. Files that are not shmkit segments, and " +
            "segments still being created, are not listed.%n",
        "Columns: NAME, KIND (array or value), TYPE (typecode), LENGTH (elements), SIZE (file size, " +
            "human-readable), BYTES (file size), STRIPES (lock stripes, 0 = no locks), CREATOR (pid), " +
            "ALIVE (whether the creator still runs), PERSISTENT (whether it outlives its creator).%n"})
final class LsCommand extends BaseCommand
{
    /** Output formats. */
    enum Format
    {
        /** Aligned columns with a header line. */
        TABLE,
        /** The table's columns separated by tabs, without a header line. */
        TSV,
        /** One segment name per line. */
        NAMES
    }

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "table",
        description = "table (default: aligned columns with a header), tsv (the same columns separated by tabs, " +
            "no header) or names (one name per line).")
    private Format format;

    @Override
    public Integer call()
    {
        final ShmOptions options = options();
        final List<SegmentInfo> segments = Segments.list(options);
        final PrintWriter out = out();
        switch (format)
        {
            case NAMES:
                for (final SegmentInfo s : segments)
                {
                    out.println(s.name());
                }
                break;
            case TSV:
                for (final SegmentInfo s : segments)
                {
                    out.println(String.join("\t", row(s)));
                }
                break;
            default:
                if (segments.isEmpty())
                {
                    out.println("no shmkit segments under " + options.root());
                    break;
                }
                final Formats.Table table = new Formats.Table(
                    new String[] {"NAME", "KIND", "TYPE", "LENGTH", "SIZE", "BYTES", "STRIPES", "CREATOR", "ALIVE",
                        "PERSISTENT"},
                    new boolean[] {false, false, false, true, true, true, true, true, false, false});
                for (final SegmentInfo s : segments)
                {
                    table.add(row(s));
                }
                table.print(out);
                break;
        }
        return Main.EXIT_OK;
    }

    static String[] row(final SegmentInfo s)
    {
        return new String[] {
            s.name(),
            s.kind().name().toLowerCase(Locale.ROOT),
            String.valueOf(s.typeCode().code()),
            Long.toString(s.elementCount()),
            Formats.humanBytes(s.fileLength()),
            Long.toString(s.fileLength()),
            Integer.toString(s.stripeCount()),
            Long.toString(s.creator().pid()),
            Formats.yesNo(s.creatorAlive()),
            Formats.yesNo(s.persistent()),
        };
    }
}
