package io.shmkit.sync;

import static io.shmkit.sync.SemaphoreDescriptor.UNOWNED_OFFSET;
import static io.shmkit.sync.SemaphoreDescriptor.UNTRACKED_OFFSET;
import static io.shmkit.sync.SemaphoreDescriptor.entryOffset;

import io.shmkit.internal.lock.LockWords;

/**
 * A {@link SharedSemaphore}'s record of who holds its permits ({@link SemaphoreDescriptor}: the holder table,
 * {@code UNTRACKED} and {@code UNOWNED}), so that a dead holder's permits can be given back exactly once:
 * <ul>
 * <li>an acquire adds one to this process's entry (a free entry if it has none; {@code UNTRACKED} when the table
 * is full);</li>
 * <li>a release pays back this process's entry first, then {@code UNTRACKED}; what neither covers (a release on
 * another's behalf) counts as {@code UNOWNED};</li>
 * <li>a dead holder's permits are given back only beyond {@code UNOWNED}, which they use up: a permit released
 * already by someone else is never given back a second time (one may be lost instead);</li>
 * <li>{@code UNOWNED} never exceeds the permits recorded as held ({@link #payBack}), so that excess releases
 * (a signal) cannot make every later death's permits unrecoverable.</li>
 * </ul>
 *
 * <p><b>Note:</b> not thread-safe: every method runs under the semaphore's state lock. The values are volatile
 * reads and writes of the segment's words; a process killed between two of them may lose a permit, never add one.
 */
final class SemaphoreHolders
{
    private final SyncSegment segment;
    private final int holders;
    private final long me;

    /**
     * @param segment the semaphore's segment.
     * @param holders the entries of its table.
     * @param me      this process's owner word ({@link LockWords#current()}).
     */
    SemaphoreHolders(final SyncSegment segment, final int holders, final long me)
    {
        this.segment = segment;
        this.holders = holders;
        this.me = me;
    }

    /**
     * Clear the entries of dead holders and return how many of their permits to give back: their holdings beyond
     * what {@code UNOWNED} already paid (which the match uses up).
     *
     * @return permits to give back, 0 or more.
     */
    long takeDeadHoldings()
    {
        long back = 0;
        final long unownedBefore = segment.get(UNOWNED_OFFSET);
        long unowned = unownedBefore;
        for (int i = 0; i < holders; i++)
        {
            final int e = entryOffset(i);
            final long held = segment.get(e + Long.BYTES);
            final long who = segment.get(e);
            if (held > 0 && who != me && !LockWords.isOwnerAlive(who))
            {
                // NOTE: permits released by non-holders may have been this holder's: count them as paid back
                // first, so that a reclaim never gives back a permit that was released already (it may lose one)
                final long matched = Math.min(held, unowned);
                unowned -= matched;
                segment.set(e + Long.BYTES, 0);
                back += held - matched;
            }
        }
        if (unowned != unownedBefore)
        {
            segment.set(UNOWNED_OFFSET, unowned);
        }
        capUnowned();
        return back;
    }

    /** An acquire: one more permit held by this process. */
    void took()
    {
        record(1);
    }

    /**
     * A release of {@code n} permits: this process's holding pays first, then {@code UNTRACKED}; the rest counts as
     * {@code UNOWNED}, kept within the permits recorded as held.
     *
     * @param n the permits released.
     */
    void payBack(final long n)
    {
        record(-n);
        capUnowned();
    }

    /** Add {@code delta} to this process's holding. */
    private void record(final long delta)
    {
        int free = -1;
        for (int i = 0; i < holders; i++)
        {
            final int e = entryOffset(i);
            final long held = segment.get(e + Long.BYTES);
            if (held > 0 && segment.get(e) == me)
            {
                segment.set(e + Long.BYTES, Math.max(0, held + delta));
                final long rest = held + delta;
                if (rest < 0)
                {
                    payUntracked(-rest);
                }
                return;
            }
            if (held <= 0 && free < 0)
            {
                free = i;
            }
        }
        if (delta < 0)
        {
            payUntracked(-delta);
        }
        else if (free >= 0)
        {
            segment.set(entryOffset(free), me);
            segment.set(entryOffset(free) + Long.BYTES, delta);
        }
        else
        {
            segment.getAndAdd(UNTRACKED_OFFSET, delta);
        }
    }

    /**
     * Restore the invariant UNOWNED &le; permits recorded as held (entries + UNTRACKED), after every release and
     * reclaim. Sound: a release on a holder's behalf leaves that holding recorded, so such releases not yet matched
     * number at most the recorded holdings. Any excess was a signal (it added permits); counted as unowned, it would
     * make later dead holders' permits lost for ever. Still lost at worst: min(held, UNOWNED) of a dead holder
     * (docs/layout.md, SEMAPHORE).
     */
    private void capUnowned()
    {
        final long unowned = segment.get(UNOWNED_OFFSET);
        if (unowned <= 0)
        {
            return;
        }
        long held = Math.max(0, segment.get(UNTRACKED_OFFSET));
        for (int i = 0; i < holders && held < unowned; i++)
        {
            held += Math.max(0, segment.get(entryOffset(i) + Long.BYTES));
        }
        if (unowned > held)
        {
            segment.set(UNOWNED_OFFSET, held);
        }
    }

    /** A release this process's holding does not cover: pays untracked permits, the rest counts as unowned. */
    private void payUntracked(final long n)
    {
        final long untracked = segment.get(UNTRACKED_OFFSET);
        final long paid = Math.min(untracked, n);
        segment.set(UNTRACKED_OFFSET, untracked - paid);
        if (n > paid)
        {
            segment.set(UNOWNED_OFFSET, segment.get(UNOWNED_OFFSET) + n - paid);
        }
    }
}
