package io.shmkit.pool;

import static io.shmkit.pool.PoolMessageDescriptor.COUNT_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.FIRST_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.ID_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.TASK_ID_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.TYPE_OFFSET;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.shmkit.queue.MessageWriter;
import io.shmkit.queue.ShmQueue;

/**
 * Writes one message into room claimed in a queue: a header from its fields, then a byte range of a source buffer
 * as the payload. Reused from message to message (no allocation per message).
 *
 * <p><b>Note:</b> not thread-safe: one per sending thread (or used under its sender's lock).
 */
final class MessageCopier implements MessageWriter
{
    private int type;
    private int id;
    private long taskId;
    private int count;
    private int first;
    private DirectBuffer source;
    private int sourceOffset;

    /**
     * Set the next message.
     *
     * @param source       the payload's buffer (may be {@code null} when {@code length} is 0 when offered).
     * @param sourceOffset the payload's first byte.
     * @return this copier.
     */
    MessageCopier set(final int type, final int id, final long taskId, final int count, final int first,
        final DirectBuffer source, final int sourceOffset)
    {
        this.type = type;
        this.id = id;
        this.taskId = taskId;
        this.count = count;
        this.first = first;
        this.source = source;
        this.sourceOffset = sourceOffset;
        return this;
    }

    /**
     * Offer the message with a payload of {@code payloadLength} bytes.
     *
     * @return false if the queue has no room now.
     */
    boolean offer(final ShmQueue<?> queue, final int payloadLength)
    {
        return queue.offerClaimed(HEADER_LENGTH + payloadLength, this);
    }

    @Override
    public void write(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        buffer.putInt(offset + TYPE_OFFSET, type);
        buffer.putInt(offset + ID_OFFSET, id);
        buffer.putLong(offset + TASK_ID_OFFSET, taskId);
        buffer.putInt(offset + COUNT_OFFSET, count);
        buffer.putInt(offset + FIRST_OFFSET, first);
        if (length > HEADER_LENGTH)
        {
            buffer.putBytes(offset + HEADER_LENGTH, source, sourceOffset, length - HEADER_LENGTH);
        }
        source = null;
    }
}
