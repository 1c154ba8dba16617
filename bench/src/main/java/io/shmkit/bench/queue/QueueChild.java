package io.shmkit.bench.queue;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;

/**
 * The other side of a queue benchmark, in its own JVM: drains a queue (throughput) or echoes each message to a
 * second queue (round trip), until its parent dies or kills it. Prints {@code R} when ready.
 *
 * <p>Args: {@code drain shmkit <queue>}, {@code take shmkit <queue>} (one {@code poll(timeout)} per message, a
 * copy each, as a user's loop does), {@code drain agrona <file> <oneToOne>}, {@code echo shmkit <in> <out>
 * <wait>}, {@code echo agrona <in> <out>}.
 */
public final class QueueChild
{
    /** Spins of {@link #idle} before it yields. */
    private static final int IDLE_SPINS = 64;

    private QueueChild()
    {
    }

    /**
     * Entry point.
     *
     * @param args see the class comment.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final boolean shmkit = QueueFixture.SHMKIT.equals(args[1]);
        final ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        if ("take".equals(args[0]))
        {
            takeShmkit(args[2], parent);
        }
        else if ("drain".equals(args[0]))
        {
            if (shmkit)
            {
                drainShmkit(args[2], parent);
            }
            else
            {
                drainAgrona(QueueFixture.openRing(args[2], Boolean.parseBoolean(args[3])), parent);
            }
        }
        else if (shmkit)
        {
            echoShmkit(args[2], args[3], WaitStrategy.valueOf(args[4]), parent);
        }
        else
        {
            echoAgrona(QueueFixture.openRing(args[2], true), QueueFixture.openRing(args[3], true), parent);
        }
    }

    private static void ready()
    {
        System.out.print('R');
        System.out.flush();
    }

    private static void drainShmkit(final String name, final ProcessHandle parent)
    {
        final long[] sink = new long[1];
        try (ShmQueue<byte[]> q = QueueFixture.openQueue(name, WaitStrategy.BACKOFF))
        {
            ready();
            long idle = 0;
            int run = 0;
            while (true)
            {
                if (q.drain((b, o, l) -> sink[0] += l, 256) > 0)
                {
                    run = 0;
                    continue;
                }
                idle(run = Math.min(run + 1, IDLE_SPINS)); // capped: a long idle never wraps back to spinning
                if ((++idle & 0xFFFF) == 0)
                {
                    exitIfOrphan(parent);
                }
            }
        }
    }

    private static void takeShmkit(final String name, final ProcessHandle parent) throws InterruptedException
    {
        long sink = 0;
        try (ShmQueue<byte[]> q = QueueFixture.openQueue(name, WaitStrategy.BACKOFF))
        {
            ready();
            while (true)
            {
                final byte[] m = q.poll(1, TimeUnit.SECONDS);
                if (null == m)
                {
                    exitIfOrphan(parent);
                    continue;
                }
                sink += m.length;
                if (sink == 42)
                {
                    System.out.print(""); // keeps the reads alive
                }
            }
        }
    }

    private static void drainAgrona(final RingBuffer ring, final ProcessHandle parent)
    {
        final long[] sink = new long[1];
        ready();
        long idle = 0;
        int run = 0;
        while (true)
        {
            if (ring.read((t, b, o, l) -> sink[0] += l, 256) > 0)
            {
                run = 0;
                continue;
            }
            idle(run = Math.min(run + 1, IDLE_SPINS)); // capped: a long idle never wraps back to spinning
            if ((++idle & 0xFFFF) == 0)
            {
                exitIfOrphan(parent);
            }
        }
    }

    private static void echoShmkit(final String in, final String out, final WaitStrategy wait,
        final ProcessHandle parent) throws InterruptedException
    {
        try (ShmQueue<byte[]> pings = QueueFixture.openQueue(in, wait);
            ShmQueue<byte[]> pongs = QueueFixture.openQueue(out, wait))
        {
            ready();
            while (true)
            {
                final byte[] m = pings.poll(1, TimeUnit.SECONDS);
                if (null == m)
                {
                    exitIfOrphan(parent);
                    continue;
                }
                pongs.put(m);
            }
        }
    }

    private static void echoAgrona(final RingBuffer in, final RingBuffer out, final ProcessHandle parent)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[QueueFixture.CAPACITY / 8]);
        ready();
        long idle = 0;
        while (true)
        {
            final int n = in.read((t, b, o, l) ->
            {
                b.getBytes(o, copy, 0, l);
                while (!out.write(1, copy, 0, l))
                {
                    Thread.onSpinWait();
                }
            }, 1);
            if (n == 0)
            {
                Thread.onSpinWait();
                if ((++idle & 0xFFFFF) == 0)
                {
                    exitIfOrphan(parent);
                }
            }
        }
    }

    /**
     * One wait of a drain or offer loop that found nothing to do, {@code run} waits in a row: spin briefly, then
     * yield for ever (as {@code WaitStrategy.YIELD} does; the queue's default spins, yields, then parks). With more
     * busy threads than CPUs (the many-to-one rows), a loop that only spins keeps a CPU from the side it waits for.
     *
     * @param run waits in a row, from 1 (capped by the caller at {@link #IDLE_SPINS}).
     */
    static void idle(final int run)
    {
        if (run < IDLE_SPINS)
        {
            Thread.onSpinWait();
        }
        else
        {
            Thread.yield();
        }
    }

    private static void exitIfOrphan(final ProcessHandle parent)
    {
        if (!parent.isAlive())
        {
            System.exit(0);
        }
    }
}
