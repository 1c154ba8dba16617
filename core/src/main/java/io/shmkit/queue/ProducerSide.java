package io.shmkit.queue;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A handle's producer side: takes a producer slot on the first write, counts every write begun and finished in it
 * around Agrona's claim and commit (what lets readers tell a dead producer's claim from a slow one's), and ends
 * the producer on close.
 *
 * <p><b>Note:</b> process-safe. Thread-safe for a many-to-one ring (the counts are atomic); a one-to-one ring takes
 * one writing thread at a time, Agrona's {@code OneToOneRingBuffer} contract.
 */
final class ProducerSide
{
    /** Agrona's type id for every message (it must be at least 1). */
    static final int MSG_TYPE_ID = 1;

    private final QueueCore core;
    private final RingBuffer ring;
    private final Slots producers;
    private final DeadPeers dead;
    private final boolean oneToOne;
    // The producer slot this handle took: -1 until it writes, -2 once closed.
    private volatile int producerSlot = -1;

    ProducerSide(final QueueCore core, final RingBuffer ring, final Slots producers, final DeadPeers dead)
    {
        this.core = core;
        this.ring = ring;
        this.producers = producers;
        this.dead = dead;
        this.oneToOne = core.oneToOne();
    }

    /**
     * Write one message (copying it), without waiting.
     *
     * @return true if written, false if there was no room.
     */
    boolean write(final DirectBuffer src, final int offset, final int length)
    {
        core.checkLength(length);
        final int slot = producerSlot();
        producers.beginWrite(slot, claimStart(), !oneToOne);
        try
        {
            return ring.write(MSG_TYPE_ID, src, offset, length);
        }
        finally
        {
            producers.endWrite(slot, !oneToOne);
        }
    }

    /**
     * Claim room for one message; the caller writes into {@link QueueCore#ringBuffer()} at the returned index,
     * then calls {@link #commit} or {@link #abort}. The write stays in flight until then.
     *
     * @return the index of the message's first byte, or a negative value if there is no room.
     */
    int tryClaim(final int length)
    {
        core.checkLength(length);
        final int slot = producerSlot();
        producers.beginWrite(slot, claimStart(), !oneToOne);
        final int index = ring.tryClaim(MSG_TYPE_ID, length);
        if (index < 0)
        {
            producers.endWrite(slot, !oneToOne);
        }
        return index;
    }

    /**
     * Where a one-to-one producer's claim starts (recorded for the recovery of a producer that dies in it); a
     * many-to-one write records none, so it skips the volatile read of the tail every producer contends on.
     */
    private long claimStart()
    {
        return oneToOne ? ring.producerPosition() : 0L;
    }

    void commit(final int index)
    {
        try
        {
            ring.commit(index);
        }
        finally
        {
            producers.endWrite(producerSlot, !oneToOne);
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
            producers.endWrite(producerSlot, !oneToOne);
        }
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
            dead.reclaimProducers();
            s = producers.tryTake();
        }
        if (s < 0)
        {
            throw new IllegalStateException("queue '" + core.segment().name() + "' has all its " + producers.count() +
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
            core.region().getAndAddLong(QueueDescriptor.ENDED_PRODUCERS_OFFSET, 1);
            producers.free(s);
            producerSlot = -2;
        }
    }
}
