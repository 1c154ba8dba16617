package io.shmkit.it.cli;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;

/**
 * Child JVM for the tests: creates a NON-persistent array {@code args[1]} under root {@code args[0]}, prints
 * {@code ready NAME}, then holds it while its parent runs, at most {@link #HOLD_SECONDS}; a normal exit unlinks
 * it. Killed with SIGKILL, it leaves the segment behind with a dead creator, the case {@code shmkit clean} is
 * for.
 */
public final class SegmentHolder
{
    /** Longest hold: the test kills the holder long before. */
    static final long HOLD_SECONDS = 120;

    private SegmentHolder()
    {
    }

    /**
     * Create the segment and hold it.
     *
     * @param args root directory and segment name.
     */
    public static void main(final String[] args)
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(Path.of(args[0]));
        final SharedLongArray a = SharedLongArray.create(args[1], 'i', 16, options);
        a.set(0, 42);
        System.out.println("ready " + a.name());
        System.out.flush();
        final ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOLD_SECONDS);
        while (null != parent && parent.isAlive() && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
