package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.JOURNAL_END_OFFSET;
import static io.shmkit.queue.QueueDescriptor.JOURNAL_HEAD_OFFSET;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH;

import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import io.shmkit.codec.Codec;

/**
 * A handle's consumer side: takes a consumer slot on the first read, and reads under the queue's consumer lock,
 * journalling each message before it is handed over (so that a consumer that dies mid-read gives the message up
 * and it is never delivered twice: {@code docs/layout.md}, the queue's journal). The counterpart of
 * {@link ProducerSide}.
 *
 * <p><b>Note:</b> process-safe; thread-safe: reads of all threads and processes are serialised by the consumer
 * lock, and the per-read state below is used only while holding it.
 */
final class ConsumerSide implements MessageHandler
{
    /** {@link #readOne}'s answer when there was no message. */
    static final Object NONE = new Object();

    private final UnsafeBuffer region;
    private final UnsafeBuffer ringBuffer;
    private final RingBuffer ring;
    private final int capacity;
    private final int headPositionIndex;
    private final Slots consumers;
    private final ConsumerLock consumerLock;
    private final DeadPeers dead;
    // Per handle: the consumer slot this handle took (-1 until it reads).
    private volatile int consumerSlot = -1;
    // Used only while holding the consumer lock.
    private long readHead;
    private int readHeadIndex;
    private MessageReader reader;
    private Codec<?> decodeWith;
    private Object decoded;
    private final MessageReader decoder = (b, o, l) -> decoded = decodeWith.decode(b, o, l);

    ConsumerSide(final QueueCore core, final RingBuffer ring, final Slots consumers, final ConsumerLock consumerLock,
        final DeadPeers dead)
    {
        this.region = core.region();
        this.ringBuffer = core.ringBuffer();
        this.ring = ring;
        this.capacity = core.capacity();
        this.headPositionIndex = core.headPositionIndex();
        this.consumers = consumers;
        this.consumerLock = consumerLock;
        this.dead = dead;
    }

    /**
     * Read up to {@code limit} messages under the consumer lock, without waiting.
     *
     * @param handler    given each message.
     * @param limit      most messages to read.
     * @param checkOwner whether a busy lock's owner may be checked for death (rate-limited by the caller).
     * @return messages read; 0 if none, or if another consumer holds the lock.
     */
    int read(final MessageReader handler, final int limit, final boolean checkOwner)
    {
        if (!lock(checkOwner))
        {
            return 0;
        }
        try
        {
            reader = handler;
            return readHeld(limit);
        }
        finally
        {
            reader = null;
            consumerLock.unlock();
        }
    }

    /**
     * Read and decode one message under the consumer lock, without waiting; nothing is allocated but what the codec
     * makes.
     *
     * @param codec      decodes the message.
     * @param checkOwner as for {@link #read}.
     * @return the decoded message (which a codec may make null), or {@link #NONE} if none (or if another consumer
     *         holds the lock).
     */
    Object readOne(final Codec<?> codec, final boolean checkOwner)
    {
        if (!lock(checkOwner))
        {
            return NONE;
        }
        try
        {
            decodeWith = codec;
            reader = decoder;
            return readHeld(1) == 0 ? NONE : decoded;
        }
        finally
        {
            // NOTE: the handle's decode state is cleared BEFORE the release: the next holder may be another thread
            reader = null;
            decoded = null;
            decodeWith = null;
            consumerLock.unlock();
        }
    }

    private boolean lock(final boolean checkOwner)
    {
        if (consumerSlot == -1)
        {
            registerConsumer();
        }
        final int got = consumerLock.tryLock(checkOwner);
        if (got == ConsumerLock.TAKEN_OVER)
        {
            try
            {
                dead.completeJournal();
            }
            catch (final RuntimeException | Error ex)
            {
                consumerLock.unlock();
                throw ex;
            }
        }
        return got != ConsumerLock.BUSY;
    }

    /**
     * Read under the lock. Agrona's read stops at the end of the ring: if it passed only a padding record there (or
     * a dead producer's padded claim), read again from the new head, so that "nothing read" means "nothing there".
     */
    private int readHeld(final int limit)
    {
        while (true)
        {
            readHead = ringBuffer.getLong(headPositionIndex);
            readHeadIndex = (int)readHead & (capacity - 1);
            final int n = ring.read(this, limit);
            if (n > 0 || ringBuffer.getLong(headPositionIndex) == readHead)
            {
                return n;
            }
        }
    }

    /**
     * Agrona's callback, while holding the consumer lock: journal the read, then hand the message over.
     */
    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index,
        final int length)
    {
        final long end = readHead + (index - HEADER_LENGTH - readHeadIndex) +
            BitUtil.align(length + HEADER_LENGTH, ALIGNMENT);
        // NOTE: the end is written BEFORE the head, and the head with release semantics, so a consumer that takes
        // the lock over and reads the head sees the matching end. Both BEFORE the message is handed over: a
        // consumer that dies from here on gives the message up; it is never delivered twice.
        region.putLong(JOURNAL_END_OFFSET, end);
        region.putLongRelease(JOURNAL_HEAD_OFFSET, readHead);
        reader.onMessage(buffer, index, length);
    }

    private synchronized void registerConsumer()
    {
        if (consumerSlot == -1)
        {
            consumerSlot = consumers.tryTake(); // -2 when the table is full: the consumer is simply not counted
            if (consumerSlot < 0)
            {
                consumerSlot = -2;
            }
        }
    }

    synchronized void closeConsumer()
    {
        if (consumerSlot >= 0)
        {
            consumers.free(consumerSlot);
        }
        consumerSlot = -3;
    }

    /**
     * Called by an idle reader: skip a dead producer's claim at the head, if there is one ({@link DeadPeers}).
     *
     * @return true if a record was skipped.
     */
    boolean unstick()
    {
        return dead.unstick();
    }
}
