package io.shmkit.it.queue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Test messages that check themselves: 8 bytes of producer and sequence, then bytes derived from both, so a
 * torn or mixed-up message is caught by the reader. Lengths come from a seed, so the test knows them.
 */
final class Messages
{
    /** The shortest message: producer (4) and sequence (4). */
    static final int MIN = 8;

    private Messages()
    {
    }

    static int length(final long seed, final int producer, final int seq, final int max)
    {
        final SplittableRandom r = new SplittableRandom(seed * 1_000_003L + producer * 65_537L + seq);
        // a fifth of the messages at the maximum, the rest spread over [MIN, max]
        return r.nextInt(5) == 0 ? max : MIN + r.nextInt(max - MIN + 1);
    }

    static byte[] make(final int producer, final int seq, final int length)
    {
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(producer).putInt(seq);
        for (int i = MIN; i < length; i++)
        {
            b.put(i, fill(producer, seq, i));
        }
        return b.array();
    }

    private static byte fill(final int producer, final int seq, final int i)
    {
        return (byte)(producer * 31 + seq * 7 + i);
    }

    /**
     * "producer seq length", after checking every byte.
     *
     * @throws IllegalStateException if a byte is wrong.
     */
    static String describe(final byte[] m)
    {
        if (m.length < MIN)
        {
            throw new IllegalStateException("message of " + m.length + " bytes");
        }
        final ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        final int producer = b.getInt();
        final int seq = b.getInt();
        for (int i = MIN; i < m.length; i++)
        {
            if (m[i] != fill(producer, seq, i))
            {
                throw new IllegalStateException("torn message " + producer + "/" + seq + " at byte " + i);
            }
        }
        return producer + " " + seq + " " + m.length;
    }
}
