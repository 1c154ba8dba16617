package io.shmkit.collection;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import io.shmkit.codec.Codec;

/**
 * How a typed view turns values into the byte records a {@link SharedList} or {@link SharedDict} stores, and back:
 * the one seam between the byte structures and typed values ({@link SharedList#asList}, {@link SharedDict#asMap}).
 * A codec of the codec package plugs in through a one-line adapter implementing these two methods.
 *
 * <p>For keys of a {@link SharedDict}, {@link #encode} must be deterministic and injective: equal keys give equal
 * bytes, different keys different bytes (the dict compares keys by their bytes). Decoding uses an explicit codec,
 * never Java deserialization.
 *
 * <p><b>Throws:</b> {@link #of(Codec)} and {@link #of(Function, Function)} NullPointerException (a null argument); an
 * implementation's {@code decode} throws IllegalArgumentException for bytes that are not a value of the codec. What
 * {@code encode} or {@code decode} throws reaches the caller of the view's method.
 *
 * <p><b>Note:</b> implementations must be thread-safe (stateless) when a view is shared between threads.
 *
 * @param <T> the value type.
 */
public interface RecordCodec<T>
{
    /**
     * The bytes of a value.
     *
     * @param value a value; {@code null} is rejected by the views before this is called.
     * @return its encoding (not kept by the caller after the call).
     */
    byte[] encode(T value);

    /**
     * The value of a record, read in place (under the structure's lock: see {@link RecordReader}).
     *
     * @param buffer the structure's memory.
     * @param offset the record's first byte.
     * @param length the record's length.
     * @return the value.
     */
    T decode(DirectBuffer buffer, int offset, int length);

    /**
     * Strings as UTF-8.
     *
     * @return a stateless codec.
     */
    static RecordCodec<String> utf8()
    {
        return new RecordCodec<String>()
        {
            @Override
            public byte[] encode(final String value)
            {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(final DirectBuffer buffer, final int offset, final int length)
            {
                return buffer.getStringWithoutLengthUtf8(offset, length); // in place: no copy of the record first
            }
        };
    }

    /**
     * A record codec over a queue codec ({@link io.shmkit.codec.Codec}): the same values in a list or dict as on a
     * queue, e.g. Python-like values with the msgpack module's {@code MsgPackCodec}. Encoding writes into a fresh
     * expandable buffer and copies the bytes out; decoding reads the record in place.
     *
     * @param codec the queue codec.
     * @param <T>   the value type.
     * @return the record codec.
     * @throws NullPointerException if {@code codec} is null.
     */
    static <T> RecordCodec<T> of(final Codec<T> codec)
    {
        Objects.requireNonNull(codec, "codec");
        return new RecordCodec<T>()
        {
            @Override
            public byte[] encode(final T value)
            {
                final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
                final byte[] bytes = new byte[codec.encode(value, buffer, 0)];
                buffer.getBytes(0, bytes);
                return bytes;
            }

            @Override
            public T decode(final DirectBuffer buffer, final int offset, final int length)
            {
                return codec.decode(buffer, offset, length);
            }
        };
    }

    /**
     * A codec from two functions over byte arrays (the decoder gets a copy of the record).
     *
     * @param encoder value to bytes.
     * @param decoder bytes to value.
     * @param <T>     the value type.
     * @return the codec.
     * @throws NullPointerException if either is null.
     */
    static <T> RecordCodec<T> of(final Function<? super T, byte[]> encoder, final Function<byte[], ? extends T> decoder)
    {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return new RecordCodec<T>()
        {
            @Override
            public byte[] encode(final T value)
            {
                return encoder.apply(value);
            }

            @Override
            public T decode(final DirectBuffer buffer, final int offset, final int length)
            {
                final byte[] b = new byte[length];
                buffer.getBytes(offset, b);
                return decoder.apply(b);
            }
        };
    }
}
