package io.shmkit.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.shmkit.codec.Codec;

/**
 * Codecs for the argument forms of a pool's verbs: the tuple of {@code starmap}.
 *
 * <p><b>Throws:</b> the tuple codec IllegalArgumentException (a tuple of another size than its codecs; bytes cut short
 * or overrunning their length), besides what its element codecs throw.
 *
 * <p><b>Note:</b> the codecs returned are as thread-safe as the element codecs they are made of.
 */
public final class PoolCodecs
{
    private PoolCodecs()
    {
    }

    /**
     * A codec of fixed-size tuples (Python's argument tuples of {@code starmap}): element {@code i} goes through
     * {@code elements[i]}, as an int length ({@code -1} for {@code null}) and its bytes.
     *
     * @param elements the codec of each position.
     * @return the codec; it rejects a tuple of another size.
     */
    public static Codec<List<Object>> tuple(final Codec<?>... elements)
    {
        return new TupleCodec(elements.clone());
    }

    /** Tuples by position. */
    private static final class TupleCodec implements Codec<List<Object>>
    {
        private final Codec<?>[] elements;

        TupleCodec(final Codec<?>[] elements)
        {
            this.elements = elements;
        }

        @Override
        @SuppressWarnings("unchecked")
        public int encode(final List<Object> value, final MutableDirectBuffer buffer, final int offset)
        {
            if (value.size() != elements.length)
            {
                throw new IllegalArgumentException("a tuple of " + value.size() + " elements for a codec of " +
                    elements.length);
            }
            int at = offset;
            for (int i = 0; i < elements.length; i++)
            {
                final Object v = value.get(i);
                final int n = null == v ? -1 : ((Codec<Object>)elements[i]).encode(v, buffer, at + Integer.BYTES);
                buffer.putInt(at, n);
                at += Integer.BYTES + Math.max(0, n);
            }
            return at - offset;
        }

        @Override
        public List<Object> decode(final DirectBuffer buffer, final int offset, final int length)
        {
            final List<Object> out = new ArrayList<>(elements.length);
            int at = offset;
            final int end = offset + length;
            for (final Codec<?> c : elements)
            {
                if (at + Integer.BYTES > end)
                {
                    throw new IllegalArgumentException("a tuple of " + elements.length + " elements cut short at " +
                        (at - offset) + " of " + length + " bytes");
                }
                final int n = buffer.getInt(at);
                if (n < -1 || at + Integer.BYTES + Math.max(0, n) > end)
                {
                    throw new IllegalArgumentException("a tuple element of length " + n + " overruns " + length +
                        " bytes");
                }
                out.add(n == -1 ? null : c.decode(buffer, at + Integer.BYTES, n));
                at += Integer.BYTES + Math.max(0, n);
            }
            return out;
        }

        @Override
        public String toString()
        {
            return "tuple" + Arrays.toString(elements);
        }
    }
}
