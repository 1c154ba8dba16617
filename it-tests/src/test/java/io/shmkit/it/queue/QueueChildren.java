package io.shmkit.it.queue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.it.Await;

import io.shmkit.SharedLongArray;
import io.shmkit.codec.Codecs;
import io.shmkit.queue.EndOfStreamException;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;

/**
 * The {@code main} classes that queue tests run in child JVMs. They coordinate with the test through a control
 * array ({@code 'q'}): a child sets its slot once it is where the test wants it, never through sleeps; a child
 * that waits in vain for the start flag fails with {@link Await}'s message.
 */
final class QueueChildren
{
    /** Control slot: a child is inside a write or a read and will stay there. */
    static final int INSIDE = 0;
    /** Control slot: children that are ready. */
    static final int READY = 1;
    /** Control slot: set by the test to let children start. */
    static final int GO = 2;
    /** Length of a control array. */
    static final int CONTROL_LENGTH = 8;

    private QueueChildren()
    {
    }

    static void hang()
    {
        while (true)
        {
            LockSupport.parkNanos(1_000_000_000L);
        }
    }

    /** Claims room for a message, writes half of it, signals, and never commits. Args: queue, control. */
    static final class HalfWriter
    {
        public static void main(final String[] args)
        {
            final ShmQueue<byte[]> q = ShmQueue.open(args[0], Codecs.bytes(), QueueOptions.defaults());
            final SharedLongArray control = SharedLongArray.open(args[1]);
            q.offerClaimed(64, (b, o, l) ->
            {
                b.setMemory(o, 32, (byte)0x5A);
                control.set(INSIDE, ProcessHandle.current().pid());
                hang();
            });
        }
    }

    /** Takes one message in place, signals, and never returns from the reader. Args: queue, control. */
    static final class StuckReader
    {
        public static void main(final String[] args)
        {
            final ShmQueue<byte[]> q = ShmQueue.open(args[0], Codecs.bytes(), QueueOptions.defaults());
            final SharedLongArray control = SharedLongArray.open(args[1]);
            q.drain((b, o, l) ->
            {
                control.set(INSIDE, b.getLong(o));
                hang();
            }, 1);
            System.exit(3); // the queue was empty: the test set it up wrong
        }
    }

    /**
     * Writes {@code count} messages {@code (producer, seq, payload)} of sizes from a seeded generator, then closes.
     * Args: queue, control, producer id, count, seed, max length.
     */
    static final class Producer
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final int id = Integer.parseInt(args[2]);
            final int count = Integer.parseInt(args[3]);
            final long seed = Long.parseLong(args[4]);
            final int max = Integer.parseInt(args[5]);
            try (SharedLongArray control = SharedLongArray.open(args[1]);
                ShmQueue<byte[]> q = ShmQueue.open(args[0], Codecs.bytes(), QueueOptions.defaults()))
            {
                control.incrementAndGet(READY);
                Await.until(300, () -> control.get(GO) == 1, () -> "the start flag");
                for (int seq = 0; seq < count; seq++)
                {
                    q.put(Messages.make(id, seq, Messages.length(seed, id, seq, max)));
                }
            }
        }
    }

    /**
     * Takes messages until end of stream, checks each one's bytes, prints {@code producer seq length} per message.
     * Args: queue, control.
     */
    static final class Consumer
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final StringBuilder out = new StringBuilder();
            try (SharedLongArray control = SharedLongArray.open(args[1]);
                ShmQueue<byte[]> q = ShmQueue.open(args[0], Codecs.bytes(), QueueOptions.defaults()))
            {
                control.incrementAndGet(READY);
                Await.until(300, () -> control.get(GO) == 1, () -> "the start flag");
                while (true)
                {
                    final byte[] m;
                    try
                    {
                        m = q.poll(120, TimeUnit.SECONDS);
                    }
                    catch (final EndOfStreamException ex)
                    {
                        break;
                    }
                    if (null == m)
                    {
                        System.err.println("no message and no end of stream within 120 s");
                        System.exit(5);
                    }
                    out.append(Messages.describe(m)).append('\n');
                }
            }
            System.out.print(out);
            System.out.flush();
        }
    }
}
