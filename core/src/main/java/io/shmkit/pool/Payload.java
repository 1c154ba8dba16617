package io.shmkit.pool;

import static io.shmkit.pool.PoolMessageDescriptor.ELEMENT_HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.NULL_LENGTH;

import java.util.Arrays;

import org.agrona.ExpandableArrayBuffer;

import io.shmkit.codec.Codec;

/**
 * Elements encoded back to back after room for a message header, in a growable buffer reused from message to
 * message: the arguments of a task before they are sent (parent) and the results of a task before they are sent
 * back (worker). Elements {@code [from, to)} are one contiguous byte range, so a long payload is sent as several
 * messages by ranges ({@link MessageCopier}).
 *
 * <p><b>Note:</b> not thread-safe: one per sending thread.
 */
final class Payload
{
    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private int[] ends = new int[16];
    private int count;
    private int limit = HEADER_LENGTH;

    void reset()
    {
        count = 0;
        limit = HEADER_LENGTH;
    }

    /**
     * Append one element.
     *
     * @param codec its codec.
     * @param value the value, or {@code null}.
     * @param <T>   its type.
     */
    <T> void add(final Codec<T> codec, final T value)
    {
        final int at = limit;
        final int length = null == value ? NULL_LENGTH : codec.encode(value, buffer, at + ELEMENT_HEADER_LENGTH);
        if (length < NULL_LENGTH)
        {
            throw new IllegalArgumentException("codec " + codec + " wrote a negative length: " + length);
        }
        buffer.putInt(at, length);
        limit = at + ELEMENT_HEADER_LENGTH + Math.max(0, length);
        if (count == ends.length)
        {
            ends = Arrays.copyOf(ends, count * 2);
        }
        ends[count++] = limit;
    }

    /** A copy of the elements, for another thread to send (this one is reused by its own). */
    Payload copy()
    {
        final Payload c = new Payload();
        c.buffer.putBytes(0, buffer, 0, limit);
        c.ends = Arrays.copyOf(ends, Math.max(1, count));
        c.count = count;
        c.limit = limit;
        return c;
    }

    int count()
    {
        return count;
    }

    /** First byte of element {@code i}. */
    int start(final int i)
    {
        return i == 0 ? HEADER_LENGTH : ends[i - 1];
    }

    /** One past the last byte of element {@code i}. */
    int end(final int i)
    {
        return ends[i];
    }

    /**
     * How many elements from {@code from} fit in the payload of one message, {@code room} bytes.
     *
     * @return at least 1 if the element at {@code from} fits alone, 0 if it does not.
     */
    int fitting(final int from, final int room)
    {
        final int base = start(from);
        int n = 0;
        while (from + n < count && ends[from + n] - base <= room)
        {
            n++;
        }
        return n;
    }
}
