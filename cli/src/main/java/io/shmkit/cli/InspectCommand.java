package io.shmkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.shmkit.Segments;
import io.shmkit.SharedArray;
import io.shmkit.SharedValue;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * {@code shmkit inspect NAME}: every header field, the lock states and the first elements of a segment, or the
 * state of the structure it holds (queue, list, dict, manager directory) through a formatter per structure.
 */
@Command(
    name = "inspect",
    header = "Show a segment's header, lock states and first elements.",
    sortOptions = false,
    description = {
        "Show a segment's header (every field of its layout), the state of its locks (free, or held by a pid " +
            "that is alive or dead, and how often each was recovered from a dead owner) and its first elements " +
            "(its value, for a Value). With many stripes, the locks are summarised: counts of free and held " +
            "stripes, and the held or recovered ones listed. Then what it holds: a queue's fill, producers and " +
            "consumers; a list's records or a dict's entries, capacity and heap bytes in use; a manager's " +
            "objects.%n",
        "Elements are read one by one without taking locks, so inspect never waits for a lock holder; values " +
            "of 'Q' and 'L' print unsigned, floating-point values as nan, inf, -inf or decimal.%n",
        "A segment removed or replaced while inspect reads it fails with exit code 1 rather than giving a mix " +
            "of two segments.%n"})
final class InspectCommand extends BaseCommand
{
    /** Up to this many stripes, every lock is listed; above, only held or recovered ones. */
    static final int LIST_ALL_LOCKS_UP_TO = 16;
    /** At most this many stripes are listed in a summary. */
    static final int MAX_LISTED_LOCKS = 32;

    @Parameters(index = "0", paramLabel = "NAME", description = "Segment name.")
    private String name;

    @Option(
        names = "--count",
        paramLabel = "N",
        defaultValue = "10",
        description = "How many elements to show from the start (default: ${DEFAULT-VALUE}; 0 for none).")
    private int count;

    @Option(names = "--all-locks", description = "List every lock stripe, however many there are.")
    private boolean allLocks;

    @Override
    public Integer call() throws IOException
    {
        if (count < 0)
        {
            throw CliException.usage("--count " + count + " must not be negative");
        }
        final ShmOptions options = options();
        // Segments.inspect validated the header: the magic is shmkit's, the state ready, the layout version
        // this shmkit's, the element size the typecode's and the data offset the one the stripe count gives;
        // those fields are printed from the values they were checked against.
        // Its file key is that of the file whose header it read: each check below compares the key of the file
        // the name refers to now with it.
        final SegmentInfo info = Segments.inspect(name, options);
        final TypeCode type = info.typeCode();
        final long stripes = info.stripeCount();
        // Everything is collected first and printed only once the file is known to be the same throughout.
        final StringWriter text = new StringWriter();
        final PrintWriter out = new PrintWriter(text);
        Formats.keyLine(out, "name", info.name());
        Formats.keyLine(out, "path", info.path().toString());
        Formats.keyLine(out, "magic", String.format("0x%016x", SegmentDescriptor.MAGIC) + " (shmkit)");
        Formats.keyLine(out, "layout version", Integer.toString(SegmentDescriptor.LAYOUT_VERSION));
        Formats.keyLine(out, "state", SegmentDescriptor.STATE_READY + " (ready)");
        Formats.keyLine(out, "kind", info.kind().id() + " (" + info.kind().name().toLowerCase(Locale.ROOT) + ")");
        Formats.keyLine(out, "typecode", "'" + type.code() + "' (" + describe(type) + ")");
        Formats.keyLine(out, "element size", type.size() + " bytes");
        Formats.keyLine(out, "element count", Long.toString(info.elementCount()));
        Formats.keyLine(out, "stripe count", stripes + (stripes == 0 ? " (no locks)" : ""));
        Formats.keyLine(out, "stripe shift", info.stripeShift() + (stripes > 0 && info.kind() == SegmentKind.ARRAY ?
            " (" + (1L << info.stripeShift()) + " elements per stripe)" : ""));
        Formats.keyLine(out, "data offset", Long.toString(SegmentDescriptor.dataOffset(info.stripeCount())));
        Formats.keyLine(out, "flags", String.format("0x%x", info.flags()) +
            (info.persistent() ? " (persistent)" : " (not persistent)"));
        Formats.keyLine(out, "creator pid", info.creator().pid() + (info.creatorAlive() ? " (alive)" : " (dead)"));
        Formats.keyLine(out, "creator start", info.creator().startTicks() + " clock ticks after boot");
        Formats.keyLine(out, "created", Instant.ofEpochMilli(info.createdMillis()) + " (" + info.createdMillis() + " ms)");
        Formats.keyLine(out, "file length", info.fileLength() + " bytes (" + Formats.humanBytes(info.fileLength()) + ")");
        printLocks(out, info.locks());
        if (SyncFormatter.handles(info.kind()))
        {
            SyncFormatter.print(out, info.kind(), name, options);
            checkSameFile(info);
        }
        else if (info.kind() == SegmentKind.VALUE)
        {
            try (SharedValue v = SharedValue.open(name, options))
            {
                Formats.keyLine(out, "value", Values.format(v));
                // Checked while the mapping is open: the file it maps is then the one described.
                checkSameFile(info);
            }
        }
        else if (info.kind() == SegmentKind.QUEUE)
        {
            QueueInspectFormatter.print(out, name, options);
        }
        else if (info.kind() == SegmentKind.LIST)
        {
            ListInspectFormatter.print(out, name, options);
        }
        else if (info.kind() == SegmentKind.DICT)
        {
            DictInspectFormatter.print(out, name, options);
        }
        else if (info.kind() == SegmentKind.MANAGER)
        {
            ManagerInspectFormatter.print(out, name, options);
        }
        else
        {
            printElements(out, info, options);
        }
        checkSameFile(info);
        out.flush();
        out().print(text);
        return Main.EXIT_OK;
    }

    /**
     * Fail if the name now refers to another file than the one described: a segment removed and created again
     * while inspect read it would otherwise give a mix of two segments.
     */
    private void checkSameFile(final SegmentInfo info) throws IOException
    {
        final Object now;
        try
        {
            now = Files.readAttributes(info.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        }
        catch (final NoSuchFileException ex)
        {
            throw replaced();
        }
        if (!Objects.equals(info.fileKey(), now))
        {
            throw replaced();
        }
    }

    private CliException replaced()
    {
        return CliException.failure("'" + name + "' was removed or replaced while being inspected; try again");
    }

    private static String describe(final TypeCode type)
    {
        if (type.isFloatingPoint())
        {
            return type.size() == Float.BYTES ? "float" : "double";
        }
        return (type.isUnsigned() ? "unsigned " : "signed ") + (type.size() * 8) + "-bit integer";
    }

    private void printLocks(final PrintWriter out, final List<SegmentInfo.LockState> locks)
    {
        if (locks.isEmpty())
        {
            Formats.keyLine(out, "locks", "none (created without locks)");
            return;
        }
        int held = 0;
        long recoveries = 0;
        final List<SegmentInfo.LockState> notable = new ArrayList<>();
        for (final SegmentInfo.LockState l : locks)
        {
            if (null != l.owner())
            {
                held++;
            }
            recoveries += l.recoveries();
            if (null != l.owner() || l.recoveries() > 0)
            {
                notable.add(l);
            }
        }
        Formats.keyLine(out, "locks", locks.size() + (locks.size() == 1 ? " stripe: " : " stripes: ") + (locks.size() - held) +
            " free, " + held + " held, " + recoveries + (recoveries == 1 ? " recovery" : " recoveries") +
            " from dead owners");
        final boolean all = allLocks || locks.size() <= LIST_ALL_LOCKS_UP_TO;
        final List<SegmentInfo.LockState> shown = all ? locks : notable;
        final int limit = all ? shown.size() : Math.min(shown.size(), MAX_LISTED_LOCKS);
        for (int i = 0; i < limit; i++)
        {
            out.println("  " + describe(shown.get(i)));
        }
        if (limit < shown.size())
        {
            out.println("  ... and " + (shown.size() - limit) + " more held or recovered stripes (--all-locks)");
        }
    }

    static String describe(final SegmentInfo.LockState l)
    {
        final String state = null == l.owner() ? "free" :
            "held by pid " + l.owner().pid() + (l.ownerAlive() ? " (alive)" : " (dead)");
        return "stripe " + l.stripe() + ": " + state +
            (l.recoveries() > 0 ? ", recovered " + l.recoveries() + (l.recoveries() == 1 ? " time" : " times") : "");
    }

    private void printElements(final PrintWriter out, final SegmentInfo info, final ShmOptions options)
        throws IOException
    {
        final long length = info.elementCount();
        final long shown = Math.min(count, length);
        Formats.keyLine(out, "elements", shown == length ? "all " + length : "first " + shown + " of " + length);
        if (shown == 0)
        {
            return;
        }
        try (SharedArray a = SharedArray.open(name, options))
        {
            // Checked while the mapping is open: the file it maps is then the one described.
            checkSameFile(info);
            for (long i = 0; i < shown; i++)
            {
                out.println("  [" + i + "] " + Values.format(a, i));
            }
        }
    }
}
