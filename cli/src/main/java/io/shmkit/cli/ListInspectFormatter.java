package io.shmkit.cli;

import java.io.PrintWriter;

import io.shmkit.collection.SharedList;
import io.shmkit.segment.ShmOptions;

/**
 * The list part of {@code shmkit inspect}: record capacity and count, longest record, heap bytes in use. The
 * header lines before it show the stripe and the owner of its lock. Every figure is a lock-free volatile read, so
 * inspect never waits for a lock holder; while updates run they are a snapshot.
 *
 * <p><b>Note:</b> stateless; called from the command's thread.
 */
final class ListInspectFormatter
{
    private ListInspectFormatter()
    {
    }

    /**
     * Print the list's state.
     *
     * @param out     where to print.
     * @param name    the segment, of kind list.
     * @param options segment options.
     */
    static void print(final PrintWriter out, final String name, final ShmOptions options)
    {
        try (SharedList l = SharedList.open(name, options))
        {
            Formats.keyLine(out, "list", l.size() + " of " + l.capacity() + " records, each up to " +
                l.maxRecordLength() + " bytes");
            Formats.keyLine(out, "heap", Formats.used(l.usedBytes(), l.capacityBytes()) + ", " + l.compactions() +
                " compactions");
        }
    }
}
