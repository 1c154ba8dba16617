package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.*;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.lengthOffset;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.typeOffset;

import java.util.concurrent.locks.LockSupport;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.shmkit.internal.lock.LockWords;

/**
 * What a queue does about processes that died in it ({@code docs/design.md}, "Queues"): frees dead producers'
 * slots (counting them as ended, padding a dead one-to-one producer's claim), skips a dead many-to-one producer's
 * claim at the head once every live producer has finished the writes it had in flight (counted per writing thread
 * in the lanes of its slot, {@link Slots#anyStillInFlight}), and completes a dead consumer's journalled read.
 *
 * <p><b>Note:</b> process-safe through compare-and-set take-overs and the consumer lock; thread-safe: the
 * stuck-head state of a handle is guarded by this object's monitor ({@link #unstick()} runs only in idle waits).
 */
final class DeadPeers
{
    private static final int PADDING_TYPE_ID = RingBuffer.PADDING_MSG_TYPE_ID;
    private static final long CHECK_INTERVAL_NS = 5_000_000;
    private static final long LOCK_WAIT_NS = 30_000_000_000L;
    private static final long PARK_NS = 50_000;

    private final UnsafeBuffer region;
    private final UnsafeBuffer ringBuffer;
    private final RingBuffer ring;
    private final boolean oneToOne;
    private final Slots producers;
    private final ConsumerLock consumerLock;
    private long stuckHead = -1;
    private long stuckTail;
    private long[] stuckInFlight;

    DeadPeers(
        final UnsafeBuffer region, final UnsafeBuffer ringBuffer, final RingBuffer ring, final boolean oneToOne,
        final Slots producers, final ConsumerLock consumerLock)
    {
        this.region = region;
        this.ringBuffer = ringBuffer;
        this.ring = ring;
        this.oneToOne = oneToOne;
        this.producers = producers;
        this.consumerLock = consumerLock;
    }

    /**
     * Free the slots of dead producers: count each as ended and, on a one-to-one ring, turn the record it was
     * writing into padding, so the consumer passes it. Each slot is taken over by CAS, so only one process repairs.
     */
    void reclaimProducers()
    {
        reclaimProducers(false);
    }

    /**
     * As {@link #reclaimProducers()}.
     *
     * @param lockHeld whether the caller holds the consumer lock (a one-to-one repair needs it, and takes it if not).
     */
    private void reclaimProducers(final boolean lockHeld)
    {
        for (int i = 0; i < producers.count(); i++)
        {
            final long w = producers.owner(i);
            if (w != 0 && !LockWords.isOwnerAlive(w))
            {
                if (oneToOne)
                {
                    reclaimOneToOne(i, w, lockHeld);
                }
                else if (producers.takeOver(i, w))
                {
                    producers.settle(i);
                    endProducer(i);
                }
            }
        }
    }

    private void endProducer(final int slot)
    {
        region.getByte(ENDED_PRODUCERS_OFFSET); // read first: see Mem.probe
        region.getAndAddLong(ENDED_PRODUCERS_OFFSET, 1);
        producers.free(slot);
    }

    /**
     * The one producer of a one-to-one ring is dead: under the consumer lock (so that the head stays put and no
     * consumed record is zeroed meanwhile), take its slot over and pad the claim it may have left. If the lock
     * stays busy past a generous bound, leave the slot for a later attempt.
     */
    private void reclaimOneToOne(final int slot, final long word, final boolean lockHeld)
    {
        final int got = lockHeld ? ConsumerLock.ACQUIRED : lockConsumers();
        if (got == ConsumerLock.BUSY)
        {
            return;
        }
        try
        {
            if (got == ConsumerLock.TAKEN_OVER)
            {
                completeJournal();
            }
            if (producers.takeOver(slot, word))
            {
                padOneToOneClaim();
                endProducer(slot);
            }
        }
        finally
        {
            if (!lockHeld)
            {
                consumerLock.unlock();
            }
        }
    }

    /** Acquire the consumer lock, waiting a bounded time (a live holder keeps it for one read). */
    private int lockConsumers()
    {
        final long start = System.nanoTime();
        long nextCheck = start;
        while (true)
        {
            final long now = System.nanoTime();
            final boolean due = now - nextCheck >= 0;
            if (due)
            {
                nextCheck = now + CHECK_INTERVAL_NS;
            }
            final int got = consumerLock.tryLock(due);
            if (got != ConsumerLock.BUSY || now - start > LOCK_WAIT_NS)
            {
                return got;
            }
            LockSupport.parkNanos(PARK_NS);
        }
    }

    /**
     * The dead single producer had at most one claim in flight, the first record from the head that is not
     * committed (its one writer committed in order); it spans to the tail. Pad it, in two records if it wraps
     * (a claim at the end of the ring is a wrap padding and the record at index 0, the padding possibly unwritten).
     * Runs under the consumer lock.
     */
    private void padOneToOneClaim()
    {
        final int mask = capacity() - 1;
        final long tail = ringBuffer.getLongVolatile(tailIndex());
        long pos = ringBuffer.getLongVolatile(headIndex());
        while (pos < tail)
        {
            final int length = ringBuffer.getIntVolatile(lengthOffset((int)pos & mask));
            if (length <= 0)
            {
                break;
            }
            pos += BitUtil.align(length, ALIGNMENT);
        }
        if (pos >= tail)
        {
            return;
        }
        final int index = (int)pos & mask;
        final int toEnd = capacity() - index;
        if (tail - pos > toEnd)
        {
            pad(0, (int)(tail - pos - toEnd));
            pad(index, toEnd);
        }
        else
        {
            pad(index, (int)(tail - pos));
        }
    }

    /** A padding record: type, then the positive length with release semantics (the commit of a record). */
    private void pad(final int index, final int length)
    {
        ringBuffer.putInt(typeOffset(index), PADDING_TYPE_ID);
        ringBuffer.putIntRelease(lengthOffset(index), length);
    }

    /** After taking the lock from a dead consumer: finish its read if the ring's head is still where it read. */
    void completeJournal()
    {
        final long journalHead = region.getLongVolatile(JOURNAL_HEAD_OFFSET);
        final long journalEnd = region.getLongVolatile(JOURNAL_END_OFFSET);
        final long head = ringBuffer.getLongVolatile(headIndex());
        // NOTE: a read never crosses the ring's end (a record that would is preceded by padding to it): a journal
        // that does is corrupted, and zeroing it would overwrite the ring's trailer
        if (journalHead == head && journalEnd > head &&
            ((int)head & (capacity() - 1)) + (journalEnd - head) <= capacity())
        {
            if (!oneToOne)
            {
                // a many-to-one ring expects consumed bytes zeroed, as Agrona's read leaves them
                ringBuffer.setMemory((int)head & (capacity() - 1), (int)(journalEnd - head), (byte)0);
            }
            ringBuffer.putLongRelease(headIndex(), journalEnd);
        }
    }

    /**
     * Called by an idle reader: if the message at the head stays uncommitted after every live producer has
     * finished the write it had in flight when the stall was first seen, its writer is dead: skip it.
     *
     * @return true if a dead producer's record was skipped.
     */
    synchronized boolean unstick()
    {
        final long head = ringBuffer.getLongVolatile(headIndex());
        final long tail = ringBuffer.getLongVolatile(tailIndex());
        if (head == tail || ringBuffer.getIntVolatile(lengthOffset((int)head & (capacity() - 1))) > 0)
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
        final int got = consumerLock.tryLock(true);
        if (got == ConsumerLock.BUSY)
        {
            return false;
        }
        try
        {
            if (got == ConsumerLock.TAKEN_OVER)
            {
                // the dead consumer may have stopped inside a read (a many-to-one read zeroes before it moves the
                // head, so the head record can look uncommitted): finish its read first, as a reader does; the
                // re-check below then sees the head moved
                completeJournal();
            }
            // re-check under the lock: another consumer may have moved on
            if (ringBuffer.getLongVolatile(headIndex()) != head ||
                ringBuffer.getIntVolatile(lengthOffset((int)head & (capacity() - 1))) > 0)
            {
                return false;
            }
            if (oneToOne)
            {
                reclaimProducers(true);
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
        final int index = (int)head & (capacity() - 1);
        final int limit = (int)Math.min(index + (tailThen - head), capacity());
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
        pad(index, limit - index);
        return true;
    }

    // The ring's geometry is derived here, not cached as in QueueCore: these repairs are off the fast path.
    private int capacity()
    {
        return ring.capacity();
    }

    private int headIndex()
    {
        return ring.capacity() + RingBufferDescriptor.HEAD_POSITION_OFFSET;
    }

    private int tailIndex()
    {
        return ring.capacity() + RingBufferDescriptor.TAIL_POSITION_OFFSET;
    }
}
