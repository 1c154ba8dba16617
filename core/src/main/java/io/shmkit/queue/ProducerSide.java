package io.shmkit.queue;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A handle's producer side: takes a producer slot on the first write and ends the producer on close. On a
 * many-to-one ring it counts every write begun and finished in the slot around Agrona's claim and commit (what
 * lets readers tell a dead producer's claim from a slow one's); a one-to-one ring needs no count, its one producer's
 * claim is found from the ring ({@link DeadPeers}), so its hot path is Agrona's alone.
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
        if (oneToOne)
        {
            // NOTE: no count of writes in flight: the one producer's claim is found from the ring itself
            // (DeadPeers), so the hot path is Agrona's alone
            return ring.write(MSG_TYPE_ID, src, offset, length);
        }
        producers.beginWrite(slot);
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
     * Claim room for one message; the caller writes into {@link QueueCore#ringBuffer()} at the returned index,
     * then calls {@link #commit} or {@link #abort}. The write stays in flight until then.
     *
     * @return the index of the message's first byte, or a negative value if there is no room.
     */
    int tryClaim(final int length)
    {
        core.checkLength(length);
        final int slot = producerSlot();
        if (oneToOne)
        {
            return ring.tryClaim(MSG_TYPE_ID, length);
        }
        producers.beginWrite(slot);
        final int index = ring.tryClaim(MSG_TYPE_ID, length);
        if (index < 0)
        {
            producers.endWrite(slot);
        }
        return index;
    }

    /**
     * Commit a claim the caller filled, or abort it if the caller failed.
     *
     * @param index     from {@link #tryClaim}.
     * @param committed whether to commit (else abort).
     */
    void finishClaim(final int index, final boolean committed)
    {
        if (committed)
        {
            commit(index);
        }
        else
        {
            abort(index);
        }
    }

    void commit(final int index)
    {
        if (oneToOne)
        {
            ring.commit(index);
            return;
        }
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
        if (oneToOne)
        {
            ring.abort(index);
            return;
        }
        try
        {
            ring.abort(index);
        }
        finally
        {
            producers.endWrite(producerSlot);
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
