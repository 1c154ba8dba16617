package io.shmkit.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns values into bytes and back: how a typed queue moves objects as byte messages. Implement it for your own
 * types; {@link Codecs} has codecs for primitives, {@code String} (UTF-8) and {@code byte[]}. Objects are never
 * decoded by Java deserialization: a codec reads exactly the bytes its {@link #encode} wrote.
 *
 * <p><b>Throws:</b> an implementation throws IllegalArgumentException for a value it cannot encode ({@link #encode})
 * and for bytes that are not one of its values ({@link #decode}). A queue lets either reach its caller: a value that
 * fails to encode sends no message, a message that fails to decode counts as read. A codec whose {@link #encode}
 * writes fewer bytes than {@link #encodedLength} said has its message aborted with an IllegalStateException.
 *
 * <p><b>Note:</b> a codec used by a queue handle must be thread-safe if the handle is shared by threads; the codecs
 * of {@link Codecs} are stateless and thread-safe.
 *
 * @param <T> the type of the values.
 */
public interface Codec<T>
{
    /**
     * Write {@code value} at {@code offset} of {@code buffer}. The buffer grows as needed when it is expandable
     * (queues pass an expandable one), so a codec may write without computing the length first.
     *
     * @param value  the value, never {@code null}.
     * @param buffer where to write.
     * @param offset first byte to write.
     * @return the number of bytes written.
     * @throws IllegalArgumentException if the value cannot be encoded.
     */
    int encode(T value, MutableDirectBuffer buffer, int offset);

    /**
     * The exact number of bytes {@link #encode} will write for {@code value}, if the codec knows it without
     * encoding, else -1 (the default). A queue encodes a value of known length straight into the room it claims
     * for the message, without a copy; {@link #encode} is then given a buffer of exactly that many bytes from
     * {@code offset}, which does not grow. A codec that writes fewer bytes than it said has its message aborted
     * (an {@link IllegalStateException}); one that writes more fails on the buffer's bounds while Agrona's bounds
     * checks are on (the default), and would overwrite the next message without them: state the length exactly.
     *
     * @param value the value, never {@code null}.
     * @return the length, or -1 if unknown.
     */
    default int encodedLength(final T value)
    {
        return -1;
    }

    /**
     * Read a value from exactly {@code length} bytes at {@code offset} of {@code buffer}.
     *
     * @param buffer where to read; valid only during the call.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the value; {@code null} only for bytes that encode "no value" in a format that has one (a queue's
     *         {@code poll} cannot tell such a message from an empty queue: see {@code MessageQueue}).
     * @throws IllegalArgumentException if the bytes are not a value of this codec.
     */
    T decode(DirectBuffer buffer, int offset, int length);
}
