package io.shmkit.codec;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Codecs for primitives (boxed, fixed width, little-endian), {@code String} (UTF-8) and {@code byte[]}.
 *
 * <p><b>Note:</b> every codec here is stateless and thread-safe.
 */
public final class Codecs
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static final Codec<Long> LONG = new Fixed<>(Long.BYTES)
    {
        @Override
        public int encode(final Long value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, value, LE);
            return Long.BYTES;
        }

        @Override
        Long read(final DirectBuffer buffer, final int offset)
        {
            return buffer.getLong(offset, LE);
        }
    };

    private static final Codec<Integer> INT = new Fixed<>(Integer.BYTES)
    {
        @Override
        public int encode(final Integer value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putInt(offset, value, LE);
            return Integer.BYTES;
        }

        @Override
        Integer read(final DirectBuffer buffer, final int offset)
        {
            return buffer.getInt(offset, LE);
        }
    };

    private static final Codec<Double> DOUBLE = new Fixed<>(Double.BYTES)
    {
        @Override
        public int encode(final Double value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putDouble(offset, value, LE);
            return Double.BYTES;
        }

        @Override
        Double read(final DirectBuffer buffer, final int offset)
        {
            return buffer.getDouble(offset, LE);
        }
    };

    private static final Codec<Boolean> BOOLEAN = new Fixed<>(1)
    {
        @Override
        public int encode(final Boolean value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putByte(offset, value ? (byte)1 : (byte)0);
            return 1;
        }

        @Override
        Boolean read(final DirectBuffer buffer, final int offset)
        {
            final byte b = buffer.getByte(offset);
            if (b != 0 && b != 1)
            {
                throw new IllegalArgumentException("a boolean is one byte 0 or 1, not " + b);
            }
            return b == 1;
        }
    };

    private static final Codec<String> STRING = new Codec<>()
    {
        @Override
        public int encode(final String value, final MutableDirectBuffer buffer, final int offset)
        {
            final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            buffer.putBytes(offset, bytes);
            return bytes.length;
        }

        @Override
        public String decode(final DirectBuffer buffer, final int offset, final int length)
        {
            return buffer.getStringWithoutLengthUtf8(offset, length);
        }
    };

    private static final Codec<byte[]> BYTES = new Codec<>()
    {
        @Override
        public int encode(final byte[] value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putBytes(offset, value);
            return value.length;
        }

        @Override
        public byte[] decode(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] out = new byte[length];
            buffer.getBytes(offset, out);
            return out;
        }
    };

    private Codecs()
    {
    }

    /**
     * 8 bytes, little-endian.
     *
     * @return the codec.
     */
    public static Codec<Long> longs()
    {
        return LONG;
    }

    /**
     * 4 bytes, little-endian.
     *
     * @return the codec.
     */
    public static Codec<Integer> ints()
    {
        return INT;
    }

    /**
     * 8 bytes, IEEE 754 binary64, little-endian.
     *
     * @return the codec.
     */
    public static Codec<Double> doubles()
    {
        return DOUBLE;
    }

    /**
     * One byte, 0 or 1.
     *
     * @return the codec.
     */
    public static Codec<Boolean> booleans()
    {
        return BOOLEAN;
    }

    /**
     * The UTF-8 bytes of the string, no length prefix (the message has a length). Unpaired surrogates are encoded
     * as {@code '?'}, as {@link String#getBytes(java.nio.charset.Charset)} does.
     *
     * @return the codec.
     */
    public static Codec<String> utf8()
    {
        return STRING;
    }

    /**
     * The bytes as they are; decoding copies them into a new array.
     *
     * @return the codec.
     */
    public static Codec<byte[]> bytes()
    {
        return BYTES;
    }

    /** A codec of one fixed length, which rejects a message of any other length. */
    private abstract static class Fixed<T> implements Codec<T>
    {
        private final int width;

        Fixed(final int width)
        {
            this.width = width;
        }

        @Override
        public final T decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != width)
            {
                throw new IllegalArgumentException("expected " + width + " bytes, got length=" + length);
            }
            return read(buffer, offset);
        }

        abstract T read(DirectBuffer buffer, int offset);
    }
}
