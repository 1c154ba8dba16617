package io.shmkit.queue;

import org.agrona.UnsafeApi;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.mem.Mem;
import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentDescriptor;

/**
 * The queue's consumer lock: a robust lock word in the segment's lock slot 0, with the encoding of
 * {@link LockWords} and the steps of {@code docs/spec/locks.md}, tried without waiting (the queue's wait loop
 * does the waiting). The only class of this package that touches a lock word.
 *
 * <p><b>Note:</b> process-safe; a handle's lock is used by one thread at a time (the queue serialises a handle's
 * reads on the lock itself: two threads of one process hold the same lock word, so the second one's
 * compare-and-set fails while the first holds it).
 */
final class ConsumerLock
{
    /** {@link #tryLock} outcome: held by another live process or thread. */
    static final int BUSY = 0;
    /** {@link #tryLock} outcome: acquired from free. */
    static final int ACQUIRED = 1;
    /** {@link #tryLock} outcome: taken over from a dead owner; the caller must recover. */
    static final int TAKEN_OVER = 2;

    private final long address;
    private final long me;

    ConsumerLock(final Segment segment)
    {
        this.address = segment.lockWordAddress(0);
        this.me = LockWords.current();
    }

    /**
     * Try once to acquire.
     *
     * @param checkOwner whether to ask whether a holder is alive (reads {@code /proc}; the caller rate-limits it).
     * @return {@link #BUSY}, {@link #ACQUIRED} or {@link #TAKEN_OVER}.
     */
    int tryLock(final boolean checkOwner)
    {
        // NOTE: volatile CAS: the new owner sees every write the previous owner made before its release store.
        if (Mem.cas64(address, 0L, me))
        {
            return ACQUIRED;
        }
        if (!checkOwner)
        {
            return BUSY;
        }
        final long w = UnsafeApi.getLongVolatile(null, address);
        // NOTE: CAS from the dead owner's exact word: of many consumers that saw it dead, one wins.
        if (w != 0 && !LockWords.isOwnerAlive(w) && Mem.cas64(address, w, me))
        {
            Mem.getAndAdd64(address + SegmentDescriptor.LOCK_RECOVERIES_OFFSET, 1L);
            return TAKEN_OVER;
        }
        return BUSY;
    }

    /** Release with release semantics: the critical section's writes are visible to the next owner. */
    void unlock()
    {
        UnsafeApi.putLongRelease(null, address, 0L);
    }

    /**
     * How often the lock was taken over from a dead consumer.
     *
     * @return the recovery count.
     */
    long recoveries()
    {
        return UnsafeApi.getLongVolatile(null, address + SegmentDescriptor.LOCK_RECOVERIES_OFFSET);
    }
}
