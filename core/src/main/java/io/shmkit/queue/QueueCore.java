package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.*;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.lengthOffset;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.typeOffset;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.segment.Segment;
import io.shmkit.segment.SegmentFormatException;

/**
 * The byte-message engine of a queue handle: Agrona's ring buffer over the segment's region, the producer and
 * consumer tables, the consumer lock and its journal, and the repair of what dead processes leave behind
 * ({@code docs/design.md}, "Queues").
 *
 * <p><b>Note:</b> a handle's engine may be used by several threads for writing; reads are serialised by the
 * consumer lock. Not safe against {@link Segment#close()} racing with calls in progress (the handle checks).
 */
final class QueueCore implements MessageHandler
{
    /** Agrona's type id for every message (it must be at least 1). */
    static final int MSG_TYPE_ID = 1;
    private static final int PADDING_TYPE_ID = RingBuffer.PADDING_MSG_TYPE_ID;

    private final Segment segment;
    private final UnsafeBuffer region;
    private final UnsafeBuffer ringBuffer;
    private final RingBuffer ring;
    private final boolean oneToOne;
    private final int capacity;
    private final int headPositionIndex;
    private final int tailPositionIndex;
    private final Slots producers;
    private final Slots consumers;
    private final ConsumerLock consumerLock;
    private final int expectedProducers;
    // Per handle: the producer and consumer slot this handle took (-1 until it writes or reads).
    private volatile int producerSlot = -1;
    private volatile int consumerSlot = -1;
    // Used only while holding the consumer lock.
    private long readHead;
    private int readHeadIndex;
    private MessageReader reader;
    // Stuck-head detection, used only by the thread holding the consumer lock or idling in a read.
    private long stuckHead = -1;
    private long stuckTail;
    private long[] stuckInFlight;

    QueueCore(final Segment segment)
    {
        this.segment = segment;
        final long length = segment.layout().elementCount();
        if (length > Integer.MAX_VALUE)
        {
            throw new SegmentFormatException("'" + segment.name() + "' has a queue region of " + length +
                " bytes, more than a queue can have");
        }
        this.region = new UnsafeBuffer(segment.chunkAddresses()[0] + segment.dataOffset(), (int)length);
        final int kind = region.getInt(RING_KIND_OFFSET);
        final int cap = region.getInt(RING_CAPACITY_OFFSET);
        final int p = region.getInt(PRODUCER_SLOTS_OFFSET);
        final int c = region.getInt(CONSUMER_SLOTS_OFFSET);
        final int expected = region.getInt(EXPECTED_PRODUCERS_OFFSET);
        final boolean sane = (kind == RING_ONE_TO_ONE || kind == RING_MANY_TO_ONE) &&
            cap >= MIN_CAPACITY && cap <= MAX_CAPACITY && BitUtil.isPowerOfTwo(cap) &&
            p >= 1 && p <= MAX_SLOTS && c >= 1 && c <= MAX_SLOTS && (kind == RING_MANY_TO_ONE || p == 1) &&
            expected >= 1 && expected <= MAX_SLOTS && regionLength(cap, p, c) == length &&
            segment.layout().stripeCount() >= 1;
        if (!sane)
        {
            throw new SegmentFormatException("'" + segment.name() + "' has a corrupted queue control block: kind=" +
                kind + " capacity=" + cap + " producerSlots=" + p + " consumerSlots=" + c + " expectedProducers=" +
                expected + " region=" + length + " bytes");
        }
        this.oneToOne = kind == RING_ONE_TO_ONE;
        this.capacity = cap;
        this.expectedProducers = expected;
        final int ringOffset = ringOffset(p, c);
        this.ringBuffer = new UnsafeBuffer(region.addressOffset() + ringOffset, cap + RingBufferDescriptor.TRAILER_LENGTH);
        this.ring = oneToOne ? new OneToOneRingBuffer(ringBuffer) : new ManyToOneRingBuffer(ringBuffer);
        this.headPositionIndex = cap + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.tailPositionIndex = cap + RingBufferDescriptor.TAIL_POSITION_OFFSET;
        this.producers = new Slots(region, PRODUCER_TABLE_OFFSET, p);
        this.consumers = new Slots(region, consumerTableOffset(p), c);
        this.consumerLock = new ConsumerLock(segment);
    }

    /**
     * Write the control block of a new queue's region (before the segment is published).
     *
     * @param region   the zero-filled region.
     * @param oneToOne whether the ring has one producer.
     * @param capacity the ring capacity.
     * @param p        producer slots.
     * @param c        consumer slots.
     * @param expected producers after whose end the stream ends.
     */
    static void format(
        final UnsafeBuffer region, final boolean oneToOne, final int capacity, final int p, final int c,
        final int expected)
    {
        region.putInt(RING_KIND_OFFSET, oneToOne ? RING_ONE_TO_ONE : RING_MANY_TO_ONE);
        region.putInt(RING_CAPACITY_OFFSET, capacity);
        region.putInt(PRODUCER_SLOTS_OFFSET, p);
        region.putInt(CONSUMER_SLOTS_OFFSET, c);
        region.putInt(EXPECTED_PRODUCERS_OFFSET, expected);
    }

    Segment segment()
    {
        return segment;
    }

    UnsafeBuffer region()
    {
        return region;
    }

    int capacity()
    {
        return capacity;
    }

    int maxMessageLength()
    {
        return ring.maxMsgLength();
    }

    boolean oneToOne()
    {
        return oneToOne;
    }

    Slots producers()
    {
        return producers;
    }

    Slots consumers()
    {
        return consumers;
    }

    long consumerRecoveries()
    {
        return consumerLock.recoveries();
    }

    void checkLength(final int length)
    {
        if (length < 0 || length > ring.maxMsgLength())
        {
            throw new IllegalArgumentException("message length=" + length + " is outside [0, " + ring.maxMsgLength() +
                "] (the maximum is capacity/8) for queue '" + segment.name() + "'");
        }
    }

    // ------------------------------------------------------------------ producing

    /**
     * Write one message (copying it), without waiting.
     *
     * @return true if written, false if there was no room.
     */
    boolean write(final DirectBuffer src, final int offset, final int length)
    {
        checkLength(length);
        final int slot = producerSlot();
        producers.beginWrite(slot, ring.producerPosition());
        try
        {
            return ring.write(MSG_TYPE_ID, src, offset, length);
        }
        finally
        {
            producers.endWrite(slot);
        }
    }

    /**
     * Claim room for one message; the caller writes into {@link #ringBuffer()} at the returned index, then calls
     * {@link #commit} or {@link #abort}. The write stays in flight (odd sequence) until then.
     *
     * @return the index of the message's first byte, or a negative value if there is no room.
     */
    int tryClaim(final int length)
    {
        checkLength(length);
        final int slot = producerSlot();
        producers.beginWrite(slot, ring.producerPosition());
        final int index = ring.tryClaim(MSG_TYPE_ID, length);
        if (index < 0)
        {
            producers.endWrite(slot);
        }
        return index;
    }

    void commit(final int index)
    {
        try
        {
            ring.commit(index);
        }
        finally
        {
            producers.endWrite(producerSlot);
        }
    }

    void abort(final int index)
    {
        try
        {
            ring.abort(index);
        }
        finally
        {
            producers.endWrite(producerSlot);
        }
    }

    UnsafeBuffer ringBuffer()
    {
        return ringBuffer;
    }

    private int producerSlot()
    {
        final int s = producerSlot;
        return s >= 0 ? s : registerProducer();
    }

    private synchronized int registerProducer()
    {
        if (producerSlot >= 0)
        {
            return producerSlot;
        }
        int s = producers.tryTake();
        if (s < 0)
        {
            reclaimDeadProducers();
            s = producers.tryTake();
        }
        if (s < 0)
        {
            throw new IllegalStateException("queue '" + segment.name() + "' has all its " + producers.count() +
                " producer slots held by live processes" + (oneToOne ? " (it was created for one producer)" : ""));
        }
        producerSlot = s;
        return s;
    }

    /**
     * Close this handle's producer side, if it wrote: counts it as ended, frees its slot.
     */
    synchronized void closeProducer()
    {
        final int s = producerSlot;
        if (s >= 0)
        {
            region.getAndAddLong(ENDED_PRODUCERS_OFFSET, 1);
            producers.free(s);
            producerSlot = -2;
        }
    }

    /**
     * Free the slots of dead producers: count each as ended and, on a one-to-one ring, turn the record it was
     * writing into padding, so the consumer passes it. Each slot is taken over by CAS, so only one process repairs.
     */
    void reclaimDeadProducers()
    {
        for (int i = 0; i < producers.count(); i++)
        {
            final long w = producers.owner(i);
            if (w != 0 && !LockWords.isOwnerAlive(w) && producers.takeOver(i, w))
            {
                if (oneToOne && (producers.sequence(i) & 1) != 0)
                {
                    padOneToOneClaim(producers.claimStart(i));
                }
                producers.endWrite(i);
                region.getAndAddLong(ENDED_PRODUCERS_OFFSET, 1);
                producers.free(i);
            }
        }
    }

    /** The dead single producer claimed [claimStart, tail): skip a committed wrap padding, pad the rest. */
    private void padOneToOneClaim(final long claimStart)
    {
        final long tail = ringBuffer.getLongVolatile(tailPositionIndex);
        long start = claimStart;
        final int first = (int)start & (capacity - 1);
        final int firstLength = ringBuffer.getIntVolatile(lengthOffset(first));
        if (start < tail && firstLength > 0 && ringBuffer.getInt(typeOffset(first)) == PADDING_TYPE_ID)
        {
            start += firstLength;
        }
        if (start < tail)
        {
            final int index = (int)start & (capacity - 1);
            ringBuffer.putInt(typeOffset(index), PADDING_TYPE_ID);
            ringBuffer.putIntRelease(lengthOffset(index), (int)(tail - start));
        }
    }

    // ------------------------------------------------------------------ consuming

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
        if (consumerSlot == -1)
        {
            registerConsumer();
        }
        final int got = consumerLock.tryLock(checkOwner);
        if (got == ConsumerLock.BUSY)
        {
            return 0;
        }
        try
        {
            if (got == ConsumerLock.TAKEN_OVER)
            {
                completeJournal();
            }
            readHead = ringBuffer.getLong(headPositionIndex);
            readHeadIndex = (int)readHead & (capacity - 1);
            reader = handler;
            return ring.read(this, limit);
        }
        finally
        {
            reader = null;
            consumerLock.unlock();
        }
    }

    /**
     * Agrona's callback, while holding the consumer lock: journal the read, then hand the message over.
     */
    @Override
    public void onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index,
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

    /** After taking the lock from a dead consumer: finish its read if the ring's head is still where it read. */
    private void completeJournal()
    {
        final long journalHead = region.getLongVolatile(JOURNAL_HEAD_OFFSET);
        final long journalEnd = region.getLongVolatile(JOURNAL_END_OFFSET);
        final long head = ringBuffer.getLongVolatile(headPositionIndex);
        if (journalHead == head && journalEnd > head && journalEnd - head <= capacity)
        {
            if (!oneToOne)
            {
                // a many-to-one ring expects consumed bytes zeroed, as Agrona's read leaves them
                ringBuffer.setMemory((int)head & (capacity - 1), (int)(journalEnd - head), (byte)0);
            }
            ringBuffer.putLongRelease(headPositionIndex, journalEnd);
        }
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
     * Called by an idle reader: if the message at the head stays uncommitted after every live producer has
     * finished the write it had in flight when the stall was first seen, its writer is dead: skip it.
     *
     * @return true if a dead producer's record was skipped.
     */
    boolean unstick()
    {
        final long head = ringBuffer.getLongVolatile(headPositionIndex);
        final long tail = ringBuffer.getLongVolatile(tailPositionIndex);
        if (head == tail || ringBuffer.getIntVolatile(lengthOffset((int)head & (capacity - 1))) > 0)
        {
            stuckHead = -1;
            return false;
        }
        if (stuckHead != head)
        {
            stuckHead = head;
            stuckTail = tail;
            stuckInFlight = producers.inFlight();
            return false;
        }
        if (producers.anyStillInFlight(stuckInFlight))
        {
            return false;
        }
        if (consumerLock.tryLock(true) == ConsumerLock.BUSY)
        {
            return false;
        }
        try
        {
            // re-check under the lock: another consumer may have moved on
            if (ringBuffer.getLongVolatile(headPositionIndex) != head ||
                ringBuffer.getIntVolatile(lengthOffset((int)head & (capacity - 1))) > 0)
            {
                return false;
            }
            if (oneToOne)
            {
                reclaimDeadProducers();
                return true;
            }
            return ring.unblock() || padZeroes(head, stuckTail);
        }
        finally
        {
            stuckHead = -1;
            consumerLock.unlock();
        }
    }

    /** Agrona's unblock found no end to a zeroed dead claim (it reaches the end of the ring): pad to there. */
    private boolean padZeroes(final long head, final long tailThen)
    {
        final int index = (int)head & (capacity - 1);
        final int limit = (int)Math.min(index + (tailThen - head), capacity);
        for (int i = index; i < limit; i += ALIGNMENT)
        {
            if (ringBuffer.getIntVolatile(i) != 0)
            {
                return false;
            }
        }
        if (limit <= index)
        {
            return false;
        }
        ringBuffer.putInt(typeOffset(index), PADDING_TYPE_ID);
        ringBuffer.putIntRelease(lengthOffset(index), limit - index);
        return true;
    }

    // ------------------------------------------------------------------ state

    boolean isEmpty()
    {
        return ringBuffer.getLongVolatile(headPositionIndex) == ringBuffer.getLongVolatile(tailPositionIndex);
    }

    /** Bytes in the ring (records, headers and padding). */
    int fillBytes()
    {
        return ring.size();
    }

    /**
     * Messages in the ring, by walking the records from head to tail: exact when no one writes or reads.
     *
     * @return the count.
     */
    int messageCount()
    {
        long pos = ringBuffer.getLongVolatile(headPositionIndex);
        final long tail = ringBuffer.getLongVolatile(tailPositionIndex);
        int n = 0;
        while (pos < tail)
        {
            final int index = (int)pos & (capacity - 1);
            final int length = ringBuffer.getIntVolatile(lengthOffset(index));
            if (length <= 0)
            {
                if (ringBuffer.getLongVolatile(headPositionIndex) > pos)
                {
                    pos = ringBuffer.getLongVolatile(headPositionIndex);
                    n = 0;
                    continue;
                }
                n++; // a message being written counts
                break;
            }
            if (ringBuffer.getInt(typeOffset(index)) != PADDING_TYPE_ID)
            {
                n++;
            }
            pos += BitUtil.align(length, ALIGNMENT);
        }
        return n;
    }

    /**
     * Whether every expected producer has ended (closed, or died) and none is active; dead producers' slots are
     * reclaimed on the way. Does not look at the ring.
     *
     * @param deep whether to check owners' liveness (reads {@code /proc}); without, an owned slot means "not ended".
     * @return true if no more messages can come.
     */
    boolean producersEnded(final boolean deep)
    {
        if (region.getLongVolatile(ENDED_PRODUCERS_OFFSET) < expectedProducers)
        {
            if (!deep)
            {
                return false;
            }
            reclaimDeadProducers();
            if (region.getLongVolatile(ENDED_PRODUCERS_OFFSET) < expectedProducers)
            {
                return false;
            }
        }
        for (int i = 0; i < producers.count(); i++)
        {
            final long w = producers.owner(i);
            if (w != 0)
            {
                if (!deep || LockWords.isOwnerAlive(w))
                {
                    return false;
                }
                reclaimDeadProducers();
                return producers.live() == 0;
            }
        }
        return true;
    }

    long endedProducers()
    {
        return region.getLongVolatile(ENDED_PRODUCERS_OFFSET);
    }

    int expectedProducers()
    {
        return expectedProducers;
    }
}
