package io.shmkit.queue;

import org.agrona.MutableDirectBuffer;

/**
 * Writes one message in place into room claimed in a queue (the zero-copy write path of
 * {@link MessageQueue#offerClaimed}).
 *
 * <p><b>Note:</b> called on the writing thread, once per message, inside the claimed room; the buffer is the
 * shared memory, valid only during the call; it must not use the queue. What it throws aborts the claim and
 * propagates.
 */
@FunctionalInterface
public interface MessageWriter
{
    /**
     * Fill the claimed room.
     *
     * @param buffer holds the room; write only {@code [offset, offset + length)}, only during the call.
     * @param offset the room's first byte.
     * @param length the room's length, as claimed.
     */
    void write(MutableDirectBuffer buffer, int offset, int length);
}
