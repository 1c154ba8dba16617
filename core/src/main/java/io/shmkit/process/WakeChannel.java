package io.shmkit.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The child's end of its wake channel: its standard input, a pipe from the parent ({@link ShmProcess#wake()} writes
 * one byte per wake-up). A daemon thread, started on the first wait, blocks in the read (a read cannot be timed or
 * interrupted in Java) and unparks the waiting thread when bytes arrive or the pipe ends; the waiting thread parks,
 * so its wait can have a time limit.
 *
 * <p><b>Note:</b> thread-safe: waits are serialised; once the pipe has ended it stays ended.
 */
final class WakeChannel
{
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** A wake-up arrived since the last wait returned. */
    private static final AtomicBoolean PENDING = new AtomicBoolean();
    private static volatile boolean ended;
    private static volatile Thread waiter;

    private WakeChannel()
    {
    }

    /**
     * As {@link ChildContext#awaitWake(long, java.util.concurrent.TimeUnit)}.
     *
     * @param nanos longest wait; 0 or less for no limit.
     * @return false if the channel has ended.
     */
    static synchronized boolean await(final long nanos)
    {
        start();
        final long deadline = System.nanoTime() + nanos;
        waiter = Thread.currentThread();
        try
        {
            // NOTE: waiter is stored BEFORE PENDING is read; the reader stores PENDING before it reads waiter
            while (!PENDING.getAndSet(false) && !ended)
            {
                if (Thread.currentThread().isInterrupted())
                {
                    break; // an interrupt ends the wait as a time-out does, and stays set (a park would not block)
                }
                if (nanos <= 0)
                {
                    LockSupport.park(WakeChannel.class);
                }
                else
                {
                    final long left = deadline - System.nanoTime();
                    if (left <= 0)
                    {
                        break; // a timed-out wait looks like a wake-up: the caller looks again
                    }
                    LockSupport.parkNanos(WakeChannel.class, left);
                }
            }
            return !ended;
        }
        finally
        {
            waiter = null;
        }
    }

    private static void start()
    {
        if (STARTED.compareAndSet(false, true))
        {
            final Thread t = new Thread(WakeChannel::read, "shmkit-wake-channel");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The reader thread: each read takes every wake-up sent so far. */
    private static void read()
    {
        final byte[] bytes = new byte[256];
        try (FileInputStream in = new FileInputStream(FileDescriptor.in))
        {
            while (in.read(bytes) > 0)
            {
                PENDING.set(true);
                unparkWaiter();
            }
        }
        catch (final IOException ex)
        {
            // a broken channel is an ended one
        }
        ended = true;
        unparkWaiter();
    }

    private static void unparkWaiter()
    {
        final Thread w = waiter;
        if (null != w)
        {
            LockSupport.unpark(w);
        }
    }
}
