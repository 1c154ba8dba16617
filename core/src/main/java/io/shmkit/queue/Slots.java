package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.*;

import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.internal.lock.LockWords;

/**
 * A table of producer or consumer slots in a queue's region ({@link QueueDescriptor}): who takes part, and for
 * producers whether a write is in flight (begun and finished counts differ).
 *
 * <p><b>Note:</b> process-safe: a slot is taken by a compare-and-set of its owner word from 0 (or from a dead
 * owner's word), so one process wins it; all fields are read with volatile and written with release semantics.
 */
final class Slots
{
    private final UnsafeBuffer region;
    private final int base;
    private final int count;
    private final long me = LockWords.current();

    Slots(final UnsafeBuffer region, final int base, final int count)
    {
        this.region = region;
        this.base = base;
        this.count = count;
    }

    int count()
    {
        return count;
    }

    private int at(final int slot, final int field)
    {
        return base + slot * SLOT_LENGTH + field;
    }

    /**
     * Take a free slot.
     *
     * @return the slot, or -1 if none is free.
     */
    int tryTake()
    {
        for (int i = 0; i < count; i++)
        {
            if (region.getLongVolatile(at(i, SLOT_OWNER_OFFSET)) == 0 &&
                region.compareAndSetLong(at(i, SLOT_OWNER_OFFSET), 0, me))
            {
                region.putLongRelease(at(i, SLOT_STATE_OFFSET), SLOT_ACTIVE);
                return i;
            }
        }
        return -1;
    }

    /**
     * Take slot {@code slot} over from its dead owner.
     *
     * @param slot the slot.
     * @param word the dead owner's word, as read.
     * @return true if this process now owns the slot.
     */
    boolean takeOver(final int slot, final long word)
    {
        return region.compareAndSetLong(at(slot, SLOT_OWNER_OFFSET), word, me);
    }

    /** Free a slot this process owns: state, then owner (release), so the slot reads free only when it is. */
    void free(final int slot)
    {
        region.putLongRelease(at(slot, SLOT_STATE_OFFSET), SLOT_FREE);
        region.putLongRelease(at(slot, SLOT_OWNER_OFFSET), 0);
    }

    long owner(final int slot)
    {
        return region.getLongVolatile(at(slot, SLOT_OWNER_OFFSET));
    }

    /**
     * Count a write as begun (many-to-one rings). The atomic add orders it before the claim that follows (a CAS of
     * the tail), so a consumer that sees the claim sees the write begun.
     *
     * @param slot this producer's slot (threads of the process may share it, hence the atomic add).
     */
    void beginWrite(final int slot)
    {
        region.getAndAddLong(at(slot, SLOT_BEGUN_OFFSET), 1);
    }

    /**
     * Count a write as finished, after its commit (or abort), atomically.
     *
     * @param slot this producer's slot.
     */
    void endWrite(final int slot)
    {
        region.getAndAddLong(at(slot, SLOT_FINISHED_OFFSET), 1);
    }

    /**
     * After taking over a dead producer's slot: its writes count as finished.
     *
     * @param slot the slot, owned by the caller.
     */
    void settle(final int slot)
    {
        region.putLongRelease(at(slot, SLOT_FINISHED_OFFSET), region.getLongVolatile(at(slot, SLOT_BEGUN_OFFSET)));
    }

    /**
     * Count the slots held by live processes (reads {@code /proc} for owners other than this process).
     *
     * @return live participants.
     */
    int live()
    {
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            final long w = owner(i);
            if (w != 0 && LockWords.isOwnerAlive(w))
            {
                n++;
            }
        }
        return n;
    }

    /**
     * The begun-write counts of the slots with a write in flight (-1 where none is).
     *
     * @return a snapshot.
     */
    long[] inFlight()
    {
        final long[] out = new long[count];
        for (int i = 0; i < count; i++)
        {
            final long begun = region.getLongVolatile(at(i, SLOT_BEGUN_OFFSET));
            final boolean busy = begun != region.getLongVolatile(at(i, SLOT_FINISHED_OFFSET));
            out[i] = owner(i) != 0 && busy ? begun : -1;
        }
        return out;
    }

    /**
     * Whether a write in flight at {@code snapshot} time is still unfinished in a live process.
     *
     * @param snapshot from {@link #inFlight()}.
     * @return true if some live producer has not finished every write it had begun then.
     */
    boolean anyStillInFlight(final long[] snapshot)
    {
        for (int i = 0; i < count; i++)
        {
            if (snapshot[i] >= 0 && region.getLongVolatile(at(i, SLOT_FINISHED_OFFSET)) < snapshot[i])
            {
                final long w = owner(i);
                if (w != 0 && LockWords.isOwnerAlive(w))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
