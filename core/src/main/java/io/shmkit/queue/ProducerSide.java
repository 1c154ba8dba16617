package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.THREAD_LANES;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A handle's producer side: takes a producer slot on the first write and ends the producer on close. On a
 * many-to-one ring it counts every write begun and finished around Agrona's claim and commit (what lets readers
 * tell a dead producer's claim from a slow one's), in a lane of the slot: each of the first
 * {@value QueueDescriptor#THREAD_LANES} threads that write through the handle owns a thread lane, whose counts
 * are single-writer stores (no atomic instruction beside Agrona's claim); further threads share the slot's shared
 * lane, counted by atomic adds. A lane whose thread has terminated is given to another thread. A one-to-one ring
 * needs no count, its one producer's claim is found from the ring ({@link DeadPeers}), so its hot path is Agrona's
 * alone.
 *
 * <p><b>Note:</b> process-safe. Thread-safe for a many-to-one ring; a one-to-one ring takes one writing thread at a
 * time, Agrona's {@code OneToOneRingBuffer} contract.
 */
final class ProducerSide
{
    /** Agrona's type id for every message (it must be at least 1). */
    static final int MSG_TYPE_ID = 1;
    /** A thread on the shared lane looks for a terminated lane owner about once in this many writes. */
    private static final int RECLAIM_ONE_IN = 256;

    private final QueueCore core;
    private final RingBuffer ring;
    private final Slots producers;
    private final DeadPeers dead;
    private final boolean oneToOne;
    // The producer slot this handle took: -1 until it writes, -2 once closed.
    private volatile int producerSlot = -1;
    // The thread owning thread lane i + 1 (null: none yet), and where each lane's counts are (set with the slot,
    // before producerSlot's volatile store; read by threads that read producerSlot first).
    private final AtomicReferenceArray<Thread> laneThreads = new AtomicReferenceArray<>(THREAD_LANES);
    private final int[] laneAt = new int[Slots.LANES];

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
        if (oneToOne)
        {
            // NOTE: no count of writes in flight: the one producer's claim is found from the ring itself
            // (DeadPeers), so the hot path is Agrona's alone
            producerSlot();
            return ring.write(MSG_TYPE_ID, src, offset, length);
        }
        final int lane = lane();
        begin(lane);
        try
        {
            return ring.write(MSG_TYPE_ID, src, offset, length);
        }
        finally
        {
            end(lane);
        }
    }

    /**
     * Claim room for one message, let {@code writer} fill it in place, then commit it (or abort it if the writer
     * throws). On a many-to-one ring the write is counted in flight, in the lane taken here, from before the claim
     * until after the commit: the same lane at both ends even if the writer writes to this queue itself meanwhile
     * (which may give the thread a lane of its own).
     *
     * @return true if written, false if there was no room.
     */
    boolean writeClaimed(final int length, final MessageWriter writer)
    {
        core.checkLength(length);
        final int lane;
        if (oneToOne)
        {
            producerSlot();
            lane = -1;
        }
        else
        {
            lane = lane();
            begin(lane);
        }
        try
        {
            final int index = ring.tryClaim(MSG_TYPE_ID, length);
            if (index < 0)
            {
                return false;
            }
            boolean done = false;
            try
            {
                writer.write(core.ringBuffer(), index, length);
                done = true;
            }
            finally
            {
                finish(index, done);
            }
            return true;
        }
        finally
        {
            if (lane >= 0)
            {
                end(lane);
            }
        }
    }

    /**
     * Claim room for one message on a one-to-one ring and leave it in flight (tests of a producer that dies
     * inside its write); {@link #finishClaim} ends it. A many-to-one claim goes through {@link #writeClaimed}.
     *
     * @return the index of the message's first byte, or a negative value if there is no room.
     * @throws IllegalStateException on a many-to-one ring.
     */
    int tryClaim(final int length)
    {
        if (!oneToOne)
        {
            throw new IllegalStateException("a many-to-one claim goes through writeClaimed");
        }
        core.checkLength(length);
        producerSlot();
        return ring.tryClaim(MSG_TYPE_ID, length);
    }

    /**
     * Commit or abort a claim of {@link #tryClaim}, from the thread that claimed.
     *
     * @param index     from {@link #tryClaim}.
     * @param committed whether to commit (else abort).
     */
    void finishClaim(final int index, final boolean committed)
    {
        finish(index, committed);
    }

    private void finish(final int index, final boolean committed)
    {
        if (committed)
        {
            ring.commit(index);
        }
        else
        {
            ring.abort(index);
        }
    }

    private void begin(final int lane)
    {
        if (lane == 0)
        {
            producers.beginShared(laneAt[0]);
        }
        else
        {
            producers.beginOwn(laneAt[lane]);
        }
    }

    private void end(final int lane)
    {
        if (lane == 0)
        {
            producers.endShared(laneAt[0]);
        }
        else
        {
            producers.endOwn(laneAt[lane]);
        }
    }

    /** The calling thread's lane, without giving it one: its thread lane, or 0 (shared). */
    private int currentLane()
    {
        final Thread t = Thread.currentThread();
        for (int i = 0; i < THREAD_LANES; i++)
        {
            // a plain read: only this thread stores itself there, and it sees its own store
            if (laneThreads.getPlain(i) == t)
            {
                return i + 1;
            }
        }
        return 0;
    }

    /** The calling thread's lane, giving it a free one if it has none; takes the producer slot first. */
    private int lane()
    {
        final int lane = currentLane();
        return lane != 0 ? lane : claimLane(Thread.currentThread());
    }

    private int claimLane(final Thread t)
    {
        producerSlot();
        // looking for terminated owners calls isAlive() on each: not on every write of a thread on the shared lane
        final boolean reclaim = ThreadLocalRandom.current().nextInt(RECLAIM_ONE_IN) == 0;
        for (int i = 0; i < THREAD_LANES; i++)
        {
            final Thread owner = laneThreads.get(i);
            // NOTE: a terminated owner finished its last write (the end count is in a finally); its isAlive() false
            // orders its last counts before ours
            if ((owner == null || (reclaim && !owner.isAlive())) && laneThreads.compareAndSet(i, owner, t))
            {
                return i + 1;
            }
        }
        return 0;
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
        for (int l = 0; l < Slots.LANES; l++)
        {
            laneAt[l] = producers.lane(s, l);
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
            core.region().getByte(QueueDescriptor.ENDED_PRODUCERS_OFFSET); // read first: see Mem.probe
            core.region().getAndAddLong(QueueDescriptor.ENDED_PRODUCERS_OFFSET, 1);
            producers.free(s);
            producerSlot = -2;
        }
    }
}
