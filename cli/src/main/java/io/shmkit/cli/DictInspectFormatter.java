package io.shmkit.cli;

import java.io.PrintWriter;

import io.shmkit.collection.SharedDict;
import io.shmkit.segment.ShmOptions;

/**
 * The dict part of {@code shmkit inspect}: entry capacity and count, stripes, heap bytes in use. The header lines
 * before it show each stripe's lock and its owner. Every figure is a lock-free volatile read, so inspect never
 * waits for a lock holder; while updates run they are a snapshot.
 *
 * <p><b>Note:</b> stateless; called from the command's thread.
 */
final class DictInspectFormatter
{
    private DictInspectFormatter()
    {
    }

    /**
     * Print the dict's state.
     *
     * @param out     where to print.
     * @param name    the segment, of kind dict.
     * @param options segment options.
     */
    static void print(final PrintWriter out, final String name, final ShmOptions options)
    {
        try (SharedDict d = SharedDict.open(name, options))
        {
            Formats.keyLine(out, "dict", d.size() + " of " + d.capacity() + " entries in " + d.stripes() +
                (d.stripes() == 1 ? " stripe" : " stripes") + " of " + d.capacity() / d.stripes() + " entries");
            Formats.keyLine(out, "heap", Formats.used(d.usedBytes(), d.capacityBytes()) + ", " + d.compactions() +
                " compactions");
        }
    }
}
