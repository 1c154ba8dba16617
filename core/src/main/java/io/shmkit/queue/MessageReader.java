package io.shmkit.queue;

import org.agrona.DirectBuffer;

/**
 * Reads one message in place (the zero-copy read path of {@link MessageQueue#drain}).
 *
 * <p><b>Throws:</b> whatever {@link #onMessage} throws propagates from {@link MessageQueue#drain}; the message it was
 * given counts as read.
 *
 * <p><b>Note:</b> runs while its thread holds the queue's consumer lock: a slow reader stalls every other consumer
 * of the queue, and a reader must not read from the same queue itself (a {@code take()} there would wait for the
 * lock its own thread holds; a {@code poll()} finds the queue as if empty). It may write to the queue, or to other
 * queues.
 */
@FunctionalInterface
public interface MessageReader
{
    /**
     * Called once per message.
     *
     * @param buffer holds the message; valid only during the call (the bytes are reused afterwards).
     * @param offset the message's first byte.
     * @param length the message's length in bytes.
     */
    void onMessage(DirectBuffer buffer, int offset, int length);
}
