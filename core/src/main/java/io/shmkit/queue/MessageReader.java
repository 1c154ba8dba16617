package io.shmkit.queue;

import org.agrona.DirectBuffer;

/**
 * Reads one message in place (the zero-copy read path of {@link MessageQueue#drain}).
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
