package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.*;

import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.internal.lock.LockWords;

/**
 * A table of producer or consumer slots in a queue's region ({@link QueueDescriptor}): who takes part, and for
 * producers whether a write is in flight in one of the slot's lanes (its begun and finished counts differ).
 *
 * <p><b>Note:</b> process-safe: a slot is taken by a compare-and-set of its owner word from 0 (or from a dead
 * owner's word), so one process wins it; all fields are read with volatile and written with release semantics. A
 * thread lane's counts are written by one thread only; the shared lane's by atomic adds.
 */
final class Slots
{
    /** Lanes per producer slot: the shared lane 0, then the thread lanes. */
    static final int LANES = 1 + THREAD_LANES;

    private final UnsafeBuffer region;
    private final int base;
    private final int count;
    private final int stride;
    private final long me = LockWords.current();

    Slots(final UnsafeBuffer region, final int base, final int count, final int stride)
    {
        this.region = region;
        this.base = base;
        this.count = count;
        this.stride = stride;
    }

    int count()
    {
        return count;
    }

    private int at(final int slot, final int field)
    {
        return base + slot * stride + field;
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
        region.getByte(at(slot, SLOT_OWNER_OFFSET)); // read first: see Mem.probe
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
     * Where a lane's counts are.
     *
     * @param slot a producer slot.
     * @param lane 0 (shared) to {@link QueueDescriptor#THREAD_LANES}.
     * @return the offset in the region of the lane's begun count; its finished count follows.
     */
    int lane(final int slot, final int lane)
    {
        return at(slot, laneBegunOffset(lane));
    }

    /**
     * Count a write as begun in the shared lane (threads of the handle may share it, hence the atomic add, which
     * also orders it before the claim that follows).
     *
     * @param lane from {@link #lane}, of lane 0.
     */
    void beginShared(final int lane)
    {
        region.getByte(lane); // read first: see Mem.probe
        region.getAndAddLong(lane, 1);
    }

    /**
     * Count a write as finished in the shared lane, after its commit (or abort), atomically.
     *
     * @param lane from {@link #lane}, of lane 0.
     */
    void endShared(final int lane)
    {
        region.getByte(lane + Long.BYTES); // read first: see Mem.probe
        region.getAndAddLong(lane + Long.BYTES, 1);
    }

    /**
     * Count a write as begun in a thread lane, which only the calling thread writes: a plain store with release
     * semantics. The claim that follows is a compare-and-set of the ring's tail, so a consumer that sees the claim
     * (it reads the tail with acquire semantics) sees the write begun.
     *
     * @param lane from {@link #lane}, of a thread lane owned by the calling thread.
     */
    void beginOwn(final int lane)
    {
        region.putLongRelease(lane, region.getLong(lane) + 1);
    }

    /**
     * Count a write as finished in a thread lane, after its commit (or abort): release semantics, so a reader that
     * sees the count sees the commit.
     *
     * @param lane from {@link #lane}, of a thread lane owned by the calling thread.
     */
    void endOwn(final int lane)
    {
        final int finished = lane + Long.BYTES;
        region.putLongRelease(finished, region.getLong(finished) + 1);
    }

    /**
     * After taking over a dead producer's slot: its writes count as finished, in every lane.
     *
     * @param slot the slot, owned by the caller.
     */
    void settle(final int slot)
    {
        for (int l = 0; l < LANES; l++)
        {
            final int lane = lane(slot, l);
            region.putLongRelease(lane + Long.BYTES, region.getLongVolatile(lane));
        }
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
     * The begun-write counts of the lanes with a write in flight (-1 where none is), slot by slot, {@link #LANES}
     * each. Finished is read before begun: a write begun before the call and unfinished then is seen in flight.
     *
     * @return a snapshot.
     */
    long[] inFlight()
    {
        final long[] out = new long[count * LANES];
        for (int i = 0; i < count; i++)
        {
            final boolean owned = owner(i) != 0;
            for (int l = 0; l < LANES; l++)
            {
                final int lane = lane(i, l);
                final long finished = region.getLongVolatile(lane + Long.BYTES);
                final long begun = region.getLongVolatile(lane);
                out[i * LANES + l] = owned && begun != finished ? begun : -1;
            }
        }
        return out;
    }

    /**
     * Whether a write in flight at {@code snapshot} time is still unfinished in a live process. A thread lane's
     * write is finished once its finished count reaches the begun count of the snapshot (one writer, in order). The
     * shared lane's writers finish out of order, so its write is finished only once the lane is seen with nothing
     * in flight (finished, read first, equal to begun).
     *
     * @param snapshot from {@link #inFlight()}.
     * @return true if some live producer has not finished every write it had begun then.
     */
    boolean anyStillInFlight(final long[] snapshot)
    {
        for (int i = 0; i < count; i++)
        {
            for (int l = 0; l < LANES; l++)
            {
                if (snapshot[i * LANES + l] >= 0 && stillInFlight(lane(i, l), l == 0, snapshot[i * LANES + l]))
                {
                    final long w = owner(i);
                    if (w != 0 && LockWords.isOwnerAlive(w))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean stillInFlight(final int lane, final boolean shared, final long begunThen)
    {
        final long finished = region.getLongVolatile(lane + Long.BYTES);
        return shared ? finished != region.getLongVolatile(lane) : finished < begunThen;
    }
}
