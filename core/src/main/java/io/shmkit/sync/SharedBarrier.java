package io.shmkit.sync;

import static io.shmkit.sync.BarrierDescriptor.*;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agrona.UnsafeApi;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.lock.RobustLock;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * Python's {@code multiprocessing.Barrier} in the vocabulary of {@link java.util.concurrent.CyclicBarrier}: a fixed
 * number of parties wait for each other, generation after generation. A named segment of kind
 * {@link SegmentKind#BARRIER} ({@link BarrierDescriptor}).
 *
 * <p>{@link #await()} returns the arrival index, from 0 to {@code parties - 1} (Python's {@code wait()}; Java's
 * {@code CyclicBarrier} counts the other way). The last party to arrive runs this handle's action, if any, before
 * the others are let go; an action that throws breaks the barrier. A timed-out, interrupted or failed party breaks
 * the barrier: the others get {@link BrokenBarrierException}, and so does every later {@code await} until
 * {@link #reset()}. {@code reset()} also breaks the waiters of the current generation, as in Python and Java.
 *
 * <p><b>Robustness.</b> Every process that waits on the barrier is recorded as a member (in a table of
 * {@link BarrierDescriptor#DEFAULT_MEMBERS}; past it, processes are not recorded and their death is not noticed)
 * until it closes its handle. A waiter that finds a member dead (checked after its spin phase, then every 5 ms)
 * breaks the barrier and throws a {@link BrokenBarrierException} naming the dead process; the dead member is
 * forgotten with the generation it breaks, so after {@code reset()} the barrier serves the survivors. A member
 * found dead after its generation tripped (it arrived, then died) stays recorded and breaks the next generation
 * that waits for it.
 *
 * <p>Memory effects: the state is changed under the segment's robust lock: what a party wrote before arriving is
 * visible to every party after its {@code await} returns, in any process.
 *
 * <p><b>Note:</b> thread-safe and process-safe; several threads of one process may be parties (they share one
 * member entry). Waits spin, yield, then park up to 100 µs (1 ms after 50 ms).
 */
public final class SharedBarrier extends SyncObject
{
    private static final long NO_GENERATION = -1;

    private final RobustLock lock;
    private final Runnable action;
    private final int members;
    private final long me = LockWords.current();

    private SharedBarrier(final SyncSegment segment, final Runnable action)
    {
        super(segment);
        this.lock = segment.lock(LOCK_SLOT, "barrier '" + segment.name() + "'", Long.MAX_VALUE);
        this.action = action;
        this.members = (int)Math.min(segment.get(MEMBERS_OFFSET), segment.words() - HEADER_WORDS);
    }

    /**
     * Create a barrier.
     *
     * @param name    segment name.
     * @param parties parties per generation, at least 1.
     * @param action  run by the last party of each generation through this handle, or null.
     * @param options root directory and persistence.
     * @return the barrier.
     * @throws IllegalArgumentException     if {@code parties} is less than 1 or the name is invalid.
     * @throws java.io.UncheckedIOException if the name exists or there is no room.
     */
    public static SharedBarrier create(final String name, final int parties, final Runnable action,
        final ShmOptions options)
    {
        if (parties < 1)
        {
            throw new IllegalArgumentException("parties=" + parties + " must be at least 1");
        }
        final int words = HEADER_WORDS + DEFAULT_MEMBERS;
        return new SharedBarrier(SyncSegment.create(name, SegmentKind.BARRIER, words, 1, options, data ->
        {
            UnsafeApi.putLong(null, data + PARTIES_OFFSET, parties);
            UnsafeApi.putLong(null, data + BROKEN_GEN_OFFSET, NO_GENERATION);
            UnsafeApi.putLong(null, data + MEMBERS_OFFSET, DEFAULT_MEMBERS);
        }), action);
    }

    /**
     * Open a barrier by name.
     *
     * @param name    segment name.
     * @param action  run by the last party of a generation when it arrives through this handle, or null.
     * @param options root directory and open timeout.
     * @return the barrier.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a barrier.
     * @throws IllegalArgumentException                 if the name is invalid.
     */
    public static SharedBarrier open(final String name, final Runnable action, final ShmOptions options)
    {
        return new SharedBarrier(SyncSegment.open(name, SegmentKind.BARRIER, HEADER_WORDS, 1, options), action);
    }

    /**
     * Wait until every party has arrived.
     *
     * @return the arrival index, 0 for the first.
     * @throws InterruptedException   if interrupted while waiting (the barrier breaks).
     * @throws BrokenBarrierException if the barrier is or becomes broken (a party timed out, was interrupted,
     *                                died or failed its action; or {@link #reset()}).
     * @throws IllegalStateException  if closed.
     */
    public int await() throws InterruptedException, BrokenBarrierException
    {
        try
        {
            return await(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("an unbounded wait timed out", ex);
        }
    }

    /**
     * Wait at most {@code time} until every party has arrived (Python's {@code wait(timeout)}).
     *
     * @param time longest wait.
     * @param unit its unit.
     * @return the arrival index, 0 for the first.
     * @throws InterruptedException   if interrupted while waiting (the barrier breaks).
     * @throws BrokenBarrierException if the barrier is or becomes broken.
     * @throws TimeoutException       if the time elapsed (the barrier breaks for the others).
     * @throws IllegalStateException  if closed.
     */
    public int await(final long time, final TimeUnit unit)
        throws InterruptedException, BrokenBarrierException, TimeoutException
    {
        segment.checkOpen();
        final long generation;
        final int index;
        lock.acquire(Long.MAX_VALUE, false);
        try
        {
            if (segment.get(BROKEN_OFFSET) != 0)
            {
                throw broken("is broken (reset it to use it again)");
            }
            join();
            generation = segment.get(GENERATION_OFFSET);
            index = (int)segment.get(COUNT_OFFSET);
            if (index + 1 >= segment.get(PARTIES_OFFSET))
            {
                trip();
                return index;
            }
            segment.set(COUNT_OFFSET, index + 1);
        }
        finally
        {
            lock.release();
        }
        final String[] dead = new String[1];
        final boolean done;
        try
        {
            done = Waits.await(segment, Math.max(0, unit.toNanos(time)), slow -> over(generation, slow, dead));
        }
        catch (final InterruptedException ex)
        {
            breakIf(generation);
            throw ex;
        }
        if (!done)
        {
            if (breakIf(generation))
            {
                throw new TimeoutException("barrier '" + segment.name() + "': " + index + " of " +
                    segment.get(PARTIES_OFFSET) + " parties arrived in time");
            }
        }
        if (null != dead[0])
        {
            throw broken("broke: member " + dead[0] + " died");
        }
        if (tripped(generation))
        {
            return index;
        }
        throw broken("broke or was reset while waiting");
    }

    /**
     * Whether {@code generation} ended by tripping (all parties arrived), not by a reset nor still current and
     * broken: read from the ends of the last {@link BarrierDescriptor#ENDS_KEPT} generations. A waiter that finds
     * its generation further behind (it was not scheduled while that many generations ended) cannot tell, and
     * takes it for broken: a false {@link BrokenBarrierException}, never a false pass.
     */
    boolean tripped(final long generation)
    {
        lock.acquire(Long.MAX_VALUE, false);
        try
        {
            final long now = segment.get(GENERATION_OFFSET);
            return now != generation && now - generation <= ENDS_KEPT &&
                (segment.get(ENDS_OFFSET) & (1L << (generation & (ENDS_KEPT - 1)))) == 0;
        }
        finally
        {
            lock.release();
        }
    }

    /** Record how the current generation ends (under the lock, before it moves on). */
    private void recordEnd(final boolean byReset)
    {
        final long bit = 1L << (segment.get(GENERATION_OFFSET) & (ENDS_KEPT - 1));
        final long ends = segment.get(ENDS_OFFSET);
        segment.set(ENDS_OFFSET, byReset ? ends | bit : ends & ~bit);
    }

    /** The last party: run the action, then open the next generation (under the lock). */
    private void trip() throws BrokenBarrierException
    {
        if (null != action)
        {
            try
            {
                action.run();
            }
            catch (final RuntimeException | Error ex)
            {
                breakLocked();
                final BrokenBarrierException b = broken("broke: its action threw " + ex);
                b.initCause(ex);
                throw b;
            }
        }
        segment.set(COUNT_OFFSET, 0);
        recordEnd(false);
        // NOTE: the generation moves last: a waiter that sees it moved sees the count reset and the end recorded
        segment.getAndAdd(GENERATION_OFFSET, 1);
    }

    /** Whether the wait for {@code generation} is over; a slow poll breaks the barrier for a dead member. */
    private boolean over(final long generation, final boolean slow, final String[] dead)
    {
        if (segment.get(GENERATION_OFFSET) != generation || segment.get(BROKEN_OFFSET) != 0)
        {
            return true;
        }
        if (!slow)
        {
            return false;
        }
        for (int i = 0; i < members; i++)
        {
            final long who = segment.get(memberOffset(i));
            if (who != 0 && who != me && !LockWords.isOwnerAlive(who))
            {
                lock.acquire(Long.MAX_VALUE, false);
                try
                {
                    // NOTE: the dead member is forgotten only with the generation it breaks. If that generation
                    // tripped meanwhile (the member had arrived before it died), it stays recorded: forgetting it
                    // here left the next generation waiting for it, with nobody left to notice (a hang found by
                    // SyncCrossProcessTest's barrier kill).
                    if (segment.get(GENERATION_OFFSET) == generation)
                    {
                        segment.compareAndSet(memberOffset(i), who, 0);
                        breakLocked();
                        dead[0] = "pid " + (who & 0xFFFF_FFFFL);
                    }
                }
                finally
                {
                    lock.release();
                }
                return true;
            }
        }
        return false;
    }

    /** Break the barrier if {@code generation} is still the current one; true if it was. */
    private boolean breakIf(final long generation)
    {
        lock.acquire(Long.MAX_VALUE, false);
        try
        {
            if (segment.get(GENERATION_OFFSET) == generation && segment.get(BROKEN_OFFSET) == 0)
            {
                breakLocked();
                return true;
            }
            return false;
        }
        finally
        {
            lock.release();
        }
    }

    private void breakLocked()
    {
        segment.set(BROKEN_GEN_OFFSET, segment.get(GENERATION_OFFSET));
        segment.set(COUNT_OFFSET, 0);
        segment.set(BROKEN_OFFSET, 1);
    }

    /**
     * Return to the initial state: the waiters of the current generation get {@link BrokenBarrierException}, and the
     * barrier serves new generations (Python's and Java's {@code reset()}).
     *
     * @throws IllegalStateException if closed.
     */
    public void reset()
    {
        segment.checkOpen();
        lock.acquire(Long.MAX_VALUE, false);
        try
        {
            segment.set(BROKEN_GEN_OFFSET, segment.get(GENERATION_OFFSET));
            segment.set(COUNT_OFFSET, 0);
            segment.set(BROKEN_OFFSET, 0);
            recordEnd(true);
            segment.getAndAdd(GENERATION_OFFSET, 1);
        }
        finally
        {
            lock.release();
        }
    }

    /**
     * Put the barrier in the broken state (Python's {@code abort()}): waiters and later arrivals throw until
     * {@link #reset()}.
     *
     * @throws IllegalStateException if closed.
     */
    public void abort()
    {
        segment.checkOpen();
        breakIf(segment.get(GENERATION_OFFSET));
    }

    /**
     * Whether the barrier is broken.
     *
     * @return true if broken.
     * @throws IllegalStateException if closed.
     */
    public boolean isBroken()
    {
        segment.checkOpen();
        return segment.get(BROKEN_OFFSET) != 0;
    }

    /**
     * Parties per generation.
     *
     * @return the parties.
     * @throws IllegalStateException if closed.
     */
    public int getParties()
    {
        segment.checkOpen();
        return (int)segment.get(PARTIES_OFFSET);
    }

    /**
     * Parties waiting in the current generation (Python's {@code n_waiting}).
     *
     * @return the count.
     * @throws IllegalStateException if closed.
     */
    public int getNumberWaiting()
    {
        segment.checkOpen();
        return (int)segment.get(COUNT_OFFSET);
    }

    /** Record this process as a member (under the lock). */
    private void join()
    {
        int free = -1;
        for (int i = 0; i < members; i++)
        {
            final long who = segment.get(memberOffset(i));
            if (who == me)
            {
                return;
            }
            if (who == 0 && free < 0)
            {
                free = i;
            }
        }
        if (free >= 0)
        {
            segment.set(memberOffset(free), me);
        }
    }

    /** Forget this process as a member, then unmap. */
    @Override
    public void close()
    {
        if (!segment.isClosed())
        {
            for (int i = 0; i < members; i++)
            {
                segment.compareAndSet(memberOffset(i), me, 0);
            }
        }
        super.close();
    }

    private BrokenBarrierException broken(final String what)
    {
        return new BrokenBarrierException("barrier '" + segment.name() + "' " + what);
    }
}
