package io.shmkit.codec;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Codecs for primitives (boxed, fixed width, little-endian), {@code String} (UTF-8) and {@code byte[]}.
 *
 * <p><b>Throws:</b> the factories nothing; the fixed-width codecs' {@code decode} IllegalArgumentException (a length
 * other than the value's width), the boolean codec's IllegalArgumentException (a byte other than 0 or 1).
 *
 * <p><b>Note:</b> every codec here is stateless and thread-safe.
 */
public final class Codecs
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static final Codec<Long> LONG = new Fixed<>(Long.BYTES,
        (v, b, o) -> b.putLong(o, v, LE), (b, o) -> b.getLong(o, LE));
    private static final Codec<Integer> INT = new Fixed<>(Integer.BYTES,
        (v, b, o) -> b.putInt(o, v, LE), (b, o) -> b.getInt(o, LE));
    private static final Codec<Double> DOUBLE = new Fixed<>(Double.BYTES,
        (v, b, o) -> b.putDouble(o, v, LE), (b, o) -> b.getDouble(o, LE));
    private static final Codec<Boolean> BOOLEAN = new Fixed<>(1,
        (v, b, o) -> b.putByte(o, v ? (byte)1 : (byte)0), Codecs::readBoolean);

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
        public int encodedLength(final byte[] value)
        {
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

    private static Boolean readBoolean(final DirectBuffer buffer, final int offset)
    {
        final byte b = buffer.getByte(offset);
        if (b != 0 && b != 1)
        {
            throw new IllegalArgumentException("a boolean is one byte 0 or 1, not " + b);
        }
        return b == 1;
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

    /** Writes a fixed-width value. */
    @FunctionalInterface
    private interface Writer<T>
    {
        void write(T value, MutableDirectBuffer buffer, int offset);
    }

    /** Reads a fixed-width value. */
    @FunctionalInterface
    private interface Reader<T>
    {
        T read(DirectBuffer buffer, int offset);
    }

    /** A codec of one fixed length, which rejects a message of any other length. */
    private static final class Fixed<T> implements Codec<T>
    {
        private final int width;
        private final Writer<T> writer;
        private final Reader<T> reader;

        Fixed(final int width, final Writer<T> writer, final Reader<T> reader)
        {
            this.width = width;
            this.writer = writer;
            this.reader = reader;
        }

        @Override
        public int encode(final T value, final MutableDirectBuffer buffer, final int offset)
        {
            writer.write(value, buffer, offset);
            return width;
        }

        @Override
        public int encodedLength(final T value)
        {
            return width;
        }

        @Override
        public T decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != width)
            {
                throw new IllegalArgumentException("expected " + width + " bytes, got length=" + length);
            }
            return reader.read(buffer, offset);
        }
    }
}
