package io.shmkit.it.queue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Test messages that check themselves, of every length from 0 bytes up, so a torn or mixed-up message is caught
 * by the reader. Lengths come from a seed, so the test knows them. What a message says of itself depends on its
 * length:
 * <ul>
 *   <li>8 bytes or more: producer (4) and sequence (4), then bytes derived from both;</li>
 *   <li>2 to 7 bytes: producer and sequence packed in the first two bytes ({@code producer * 4096 + sequence},
 *       little-endian), then bytes derived from both;</li>
 *   <li>1 byte: the producer only;</li>
 *   <li>0 bytes: nothing.</li>
 * </ul>
 * {@link #describe} and {@link #key} give the same text for a message and for what the model knows of it:
 * {@code "producer sequence length"}, with {@code -} for what the message cannot carry, so the multiset received
 * can be compared with the multiset sent, each producer's identified messages checked for order, and the 1-byte and
 * empty messages checked by count (per producer, and in all).
 */
final class Messages
{
    /** The shortest message with a full header: producer (4) and sequence (4). */
    static final int FULL = 8;
    /** The shortest message that names its producer and sequence. */
    static final int IDENTIFIED = 2;
    /** Sequences of the short form stay below this. */
    static final int MAX_SEQUENCE = 4096;
    /** Unknown, in a description. */
    static final String UNKNOWN = "-";

    private Messages()
    {
    }

    /**
     * A seeded length: a tenth empty, a tenth of 1 to 9 bytes, a fifth at the maximum, the rest over [0, max].
     */
    static int length(final long seed, final int producer, final int seq, final int max)
    {
        final SplittableRandom r = new SplittableRandom(seed * 1_000_003L + producer * 65_537L + seq);
        final int kind = r.nextInt(10);
        if (kind == 0)
        {
            return 0;
        }
        if (kind == 1)
        {
            return 1 + r.nextInt(9);
        }
        return kind < 4 ? max : r.nextInt(max + 1);
    }

    static byte[] make(final int producer, final int seq, final int length)
    {
        if (seq >= MAX_SEQUENCE || producer > 255)
        {
            throw new IllegalArgumentException("producer " + producer + " sequence " + seq + " out of range");
        }
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        final int header;
        if (length >= FULL)
        {
            b.putInt(producer).putInt(seq);
            header = FULL;
        }
        else if (length >= IDENTIFIED)
        {
            b.putShort((short)(producer * MAX_SEQUENCE + seq));
            header = IDENTIFIED;
        }
        else
        {
            if (length == 1)
            {
                b.put((byte)producer);
            }
            header = length;
        }
        for (int i = header; i < length; i++)
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
     * What the model knows of a message it sent, in the form of {@link #describe}.
     */
    static String key(final int producer, final int seq, final int length)
    {
        if (length >= IDENTIFIED)
        {
            return producer + " " + seq + " " + length;
        }
        return (length == 1 ? String.valueOf(producer) : UNKNOWN) + " " + UNKNOWN + " " + length;
    }

    /**
     * "producer seq length" ({@code -} where the message cannot say), after checking every byte.
     *
     * @throws IllegalStateException if a byte is wrong.
     */
    static String describe(final byte[] m)
    {
        if (m.length < IDENTIFIED)
        {
            return (m.length == 1 ? String.valueOf(m[0]) : UNKNOWN) + " " + UNKNOWN + " " + m.length;
        }
        final ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        final int producer;
        final int seq;
        final int header;
        if (m.length >= FULL)
        {
            producer = b.getInt();
            seq = b.getInt();
            header = FULL;
        }
        else
        {
            final int packed = b.getShort() & 0xFFFF;
            producer = packed / MAX_SEQUENCE;
            seq = packed % MAX_SEQUENCE;
            header = IDENTIFIED;
        }
        for (int i = header; i < m.length; i++)
        {
            if (m[i] != fill(producer, seq, i))
            {
                throw new IllegalStateException("torn message " + producer + "/" + seq + " at byte " + i);
            }
        }
        return producer + " " + seq + " " + m.length;
    }
}
