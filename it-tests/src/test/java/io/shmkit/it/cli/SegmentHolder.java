package io.shmkit.it.cli;

import java.io.IOException;
import java.nio.file.Path;

import io.shmkit.SharedLongArray;
import io.shmkit.ShmOptions;

/**
 * Child JVM for the tests: creates a NON-persistent array {@code args[1]} under root {@code args[0]}, prints
 * {@code ready}, then holds it until its standard input ends. Killed with SIGKILL, it leaves the segment
 * behind with a dead creator, the case {@code shmkit clean} is for.
 */
public final class SegmentHolder
{
    private SegmentHolder()
    {
    }

    /**
     * Create the segment and hold it.
     *
     * @param args root directory and segment name.
     * @throws IOException if standard input fails.
     */
    public static void main(final String[] args) throws IOException
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(Path.of(args[0]));
        final SharedLongArray a = SharedLongArray.create(args[1], 'i', 16, options);
        a.set(0, 42);
        System.out.println("ready " + a.name());
        System.out.flush();
        while (System.in.read() >= 0)
        {
            // hold the segment until the parent closes our input or kills us
        }
    }
}
