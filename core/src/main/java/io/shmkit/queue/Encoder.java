package io.shmkit.queue;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.codec.Codec;

/**
 * A handle's way from a value to a record: a value whose length the codec knows ({@link Codec#encodedLength}) is
 * encoded straight into the record it claims, through a view bounded to the record (a codec that writes more than
 * it said fails on the view's bounds while Agrona's bounds checks are on, and the claim is aborted); any other
 * value is encoded into a per-thread scratch buffer, then copied in by Agrona's write.
 *
 * <p><b>Note:</b> thread-safe as far as the producer side is (the buffers are per thread).
 *
 * @param <T> the type of the messages.
 */
final class Encoder<T>
{
    private static final int SCRATCH_LENGTH = 256;

    private final QueueCore core;
    private final Codec<T> codec;
    private final ThreadLocal<ExpandableArrayBuffer> scratch =
        ThreadLocal.withInitial(() -> new ExpandableArrayBuffer(SCRATCH_LENGTH));
    private final ThreadLocal<InPlace<T>> inPlace;

    Encoder(final QueueCore core, final Codec<T> codec)
    {
        this.core = core;
        this.codec = codec;
        this.inPlace = ThreadLocal.withInitial(() -> new InPlace<>(codec));
    }

    /** The length the codec knows for {@code message}, or -1. */
    int knownLength(final T message)
    {
        return codec.encodedLength(message);
    }

    /** Encode into this thread's scratch buffer (for {@link #writeEncoded}); returns the length. */
    int encode(final T message)
    {
        return codec.encode(message, scratch.get(), 0);
    }

    /** Write what {@link #encode} left in this thread's scratch buffer; false if there is no room. */
    boolean writeEncoded(final int length)
    {
        return core.producer().write(scratch.get(), 0, length);
    }

    /** One attempt without waiting: in place if the length is known, else encoded and copied. */
    boolean offer(final T message)
    {
        final int known = knownLength(message);
        if (known >= 0)
        {
            return offerInPlace(message, known);
        }
        final ExpandableArrayBuffer buffer = scratch.get();
        return core.producer().write(buffer, 0, codec.encode(message, buffer, 0));
    }

    /** Encode straight into a claimed record of {@code length} bytes; false if there is no room. */
    boolean offerInPlace(final T message, final int length)
    {
        final InPlace<T> writer = inPlace.get();
        writer.message = message;
        try
        {
            return offerClaimed(length, writer);
        }
        finally
        {
            writer.message = null;
        }
    }

    /** Claim {@code length} bytes, let {@code writer} fill them, commit (or abort if it throws). */
    boolean offerClaimed(final int length, final MessageWriter writer)
    {
        return core.producer().writeClaimed(length, writer);
    }

    /** A thread's writer of one value into its claimed record, through a view bounded to the record. */
    private static final class InPlace<T> implements MessageWriter
    {
        private final Codec<T> codec;
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private T message;

        InPlace(final Codec<T> codec)
        {
            this.codec = codec;
        }

        @Override
        public void write(final MutableDirectBuffer buffer, final int index, final int length)
        {
            view.wrap(buffer.addressOffset() + index, length);
            final int written = codec.encode(message, view, 0);
            if (written != length)
            {
                throw new IllegalStateException("codec " + codec + " wrote " + written + " bytes where its " +
                    "encodedLength said " + length + " (the message was not sent)");
            }
        }
    }
}
