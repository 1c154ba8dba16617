package io.shmkit.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * The child's end of its wake channel: its standard input, a pipe from the parent ({@link ShmProcess#wake()} writes
 * one byte per wake-up). Read without Java's buffering, so that one read takes every wake-up sent so far.
 *
 * <p><b>Note:</b> thread-safe: reads are serialised; once the pipe has ended it stays ended.
 */
final class WakeChannel
{
    private static final FileInputStream IN = new FileInputStream(FileDescriptor.in);
    private static final byte[] BYTES = new byte[256];
    private static boolean ended;

    private WakeChannel()
    {
    }

    /** As {@link ChildContext#awaitWake()}. */
    static synchronized boolean await()
    {
        if (ended)
        {
            return false;
        }
        try
        {
            if (IN.read(BYTES) > 0)
            {
                return true;
            }
        }
        catch (final IOException ex)
        {
            // a broken channel is an ended one
        }
        ended = true;
        return false;
    }
}
