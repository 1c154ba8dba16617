package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.*;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.lengthOffset;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.typeOffset;

import org.agrona.BitUtil;
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
 * consumer tables, the consumer lock, the repair of what dead processes leave behind ({@code docs/design.md},
 * "Queues"), and the handle's two sides: {@link ProducerSide} writes, {@link ConsumerSide} reads under the lock.
 *
 * <p><b>Note:</b> a handle's engine may be used by several threads for writing; reads are serialised by the
 * consumer lock. Not safe against {@link Segment#close()} racing with calls in progress (the handle checks).
 */
final class QueueCore
{
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
    private final DeadPeers dead;
    private final ProducerSide producer;
    private final ConsumerSide consumer;

    QueueCore(final Segment segment)
    {
        this.segment = segment;
        final long length = segment.layout().elementCount();
        if (segment.dataOffset() + length > Segment.CHUNK_LENGTH)
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
        this.ringBuffer =
            new UnsafeBuffer(region.addressOffset() + ringOffset, cap + RingBufferDescriptor.TRAILER_LENGTH);
        this.ring = oneToOne ? new OneToOneRingBuffer(ringBuffer) : new ManyToOneRingBuffer(ringBuffer);
        this.headPositionIndex = cap + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.tailPositionIndex = cap + RingBufferDescriptor.TAIL_POSITION_OFFSET;
        this.producers = new Slots(region, PRODUCER_TABLE_OFFSET, p, PRODUCER_SLOT_LENGTH);
        this.consumers = new Slots(region, consumerTableOffset(p), c, SLOT_LENGTH);
        this.consumerLock = new ConsumerLock(segment);
        this.dead = new DeadPeers(region, ringBuffer, ring, oneToOne, producers, consumerLock);
        this.producer = new ProducerSide(this, ring, producers, dead);
        this.consumer = new ConsumerSide(this, ring, consumers, consumerLock, dead);
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

    // Accessors, one shape on purpose.
    Segment segment()
    {
        return segment;
    }

    UnsafeBuffer region()
    {
        return region;
    }

    /** The repairs after dead producers and consumers (for tests). */
    DeadPeers dead()
    {
        return dead;
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

    ProducerSide producer()
    {
        return producer;
    }

    UnsafeBuffer ringBuffer()
    {
        return ringBuffer;
    }

    ConsumerSide consumer()
    {
        return consumer;
    }

    int headPositionIndex()
    {
        return headPositionIndex;
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
        // NOTE: a walk of at most one ring from where it starts: a corrupted tail far ahead ends it, not a long loop
        long end = Math.min(tail, pos + capacity);
        while (pos < end)
        {
            final int index = (int)pos & (capacity - 1);
            final int length = ringBuffer.getIntVolatile(lengthOffset(index));
            if (length <= 0)
            {
                if (ringBuffer.getLongVolatile(headPositionIndex) > pos)
                {
                    pos = ringBuffer.getLongVolatile(headPositionIndex);
                    end = Math.min(tail, pos + capacity);
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
            dead.reclaimProducers();
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
                dead.reclaimProducers();
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
