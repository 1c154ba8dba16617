package io.shmkit.internal.lock;

import static io.shmkit.internal.lock.LockSlotDescriptor.HANDOFF_TOKEN_OFFSET;
import static io.shmkit.internal.lock.LockSlotDescriptor.RECOVERIES_OFFSET;

import org.agrona.UnsafeApi;

import io.shmkit.internal.mem.Mem;
import io.shmkit.internal.segment.Segment;
import io.shmkit.segment.ProcessIdentity;

/**
 * The robust lock procedure of {@code docs/spec/locks.md} on one lock slot ({@link LockSlotDescriptor}), and one
 * handle's record of which thread of this JVM holds it through the handle. Every shmkit lock ({@code ShmLock}, the
 * {@code io.shmkit.sync} primitives) acquires and releases through this class, so there is one procedure to get
 * right and to keep in step with the spec (which other languages implement).
 *
 * <p>Acquire: CAS the word from 0 to this process's {@link LockWords#current() identity} (spec "Acquire" step 1);
 * then wait: spin, yield, park with back-off ({@link Idle}); check the owner's liveness after the spins and then
 * every {@link #LIVENESS_CHECK_INTERVAL_NS}, taking a dead owner's word over with a CAS and counting it in the
 * slot's recovery count (step 3). A waiter that has waited {@code handoffAfterNs} registers in the hand-off fields,
 * and every other acquirer then leaves a free lock to it until it has it (step 4: bounded waiting for a low-rate
 * acquirer against a tight re-acquiring loop).
 *
 * <p><b>Note:</b> the per-handle fields (holder, owner-died) are written only by the holding thread; a handle may be
 * used by many threads, each waiting like any other process for a lock held through the handle by another thread.
 * Not API.
 */
public final class RobustLock
{
    /** Outcome: gave up (time spent, or the lock is busy for a non-blocking try). */
    public static final int TIMED_OUT = 0;
    /** Outcome: acquired from free. */
    public static final int ACQUIRED = 1;
    /** Outcome: acquired from a dead owner (the recovery count was incremented). */
    public static final int OWNER_DIED = 2;
    /** Outcome: interrupted while waiting; nothing held. */
    public static final int INTERRUPTED = 3;

    /** A waiter checks the owner's liveness at most this often (after the spin phase). */
    public static final long LIVENESS_CHECK_INTERVAL_NS = 5_000_000;
    /** Default wait after which a waiter asks for a hand-off. */
    public static final long DEFAULT_HANDOFF_AFTER_NS = 1_000_000;
    /** How long a hand-off registration stands unless renewed: the others' longest stall if its waiter dies. */
    public static final long HANDOFF_LEASE_MS = 50;
    /** Longest park of a waiter registered for a hand-off. */
    static final long HANDOFF_MAX_PARK_NS = 20_000;

    private final Segment segment;
    private final long word;
    private final String what;
    private final long me;
    private final long handoffAfterNs;
    private final boolean spin;
    // Plain fields: written only by the thread that holds the lock through this handle, and read for equality with
    // the current thread, which always sees its own last write.
    private Thread holder;
    private boolean ownerDied;
    // Plain fields: the owner word tryAcquire() last found alive, and when. Racy between threads of this JVM, and
    // the race is benign: the worst is one /proc read too many, or a dead owner noticed one interval late.
    private long aliveWord;
    private long aliveCheckedNs;

    /**
     * A handle on the lock slot at {@code slotAddress} of {@code segment}.
     *
     * @param segment        the segment (for the closed check and messages).
     * @param slotAddress    absolute address of the slot (its lock word).
     * @param what           how messages name the lock, e.g. {@code "stripe 2 of 'a'"}.
     * @param handoffAfterNs a waiter asks for a hand-off after waiting this long ({@link Long#MAX_VALUE}: never).
     */
    public RobustLock(final Segment segment, final long slotAddress, final String what, final long handoffAfterNs)
    {
        this(segment, slotAddress, what, handoffAfterNs, false);
    }

    /**
     * A handle whose waits spin ({@link Idle#spinning()}) if {@code spin}.
     *
     * @param segment        the segment (for the closed check and messages).
     * @param slotAddress    absolute address of the slot (its lock word).
     * @param what           how messages name the lock.
     * @param handoffAfterNs a waiter asks for a hand-off after waiting this long ({@link Long#MAX_VALUE}: never).
     * @param spin           whether waits spin rather than park.
     */
    public RobustLock(final Segment segment, final long slotAddress, final String what, final long handoffAfterNs,
        final boolean spin)
    {
        this.segment = segment;
        this.word = slotAddress;
        this.what = what;
        this.me = LockWords.current();
        this.handoffAfterNs = handoffAfterNs;
        this.spin = spin;
    }

    /**
     * Acquire, waiting at most {@code timeoutNs} ({@link Long#MAX_VALUE}: no bound). Makes at least one attempt
     * and, if the lock is held by another process, one liveness check of its owner, whatever the timeout.
     *
     * @param timeoutNs     longest wait.
     * @param interruptible whether an interrupt ends the wait (the flag is left set).
     * @return {@link #ACQUIRED}, {@link #OWNER_DIED}, {@link #TIMED_OUT} or {@link #INTERRUPTED}.
     * @throws IllegalMonitorStateException if the calling thread holds the lock through this handle already.
     * @throws IllegalStateException        if the segment is closed.
     */
    public int acquire(final long timeoutNs, final boolean interruptible)
    {
        checkUsable();
        // NOTE: volatile CAS: the acquirer sees every write the previous owner made before its release store.
        if (Mem.cas64(word, 0L, me))
        {
            // The token shares the word's cache line, which this thread owns now: the read is almost free.
            if (UnsafeApi.getLongVolatile(null, word + HANDOFF_TOKEN_OFFSET) == 0L || !Handoff.mustYield(word, 0L))
            {
                return held(ACQUIRED);
            }
            // Spec step 4: a starving waiter is registered; leave the lock to it.
            UnsafeApi.putLongRelease(null, word, 0L);
        }
        return await(timeoutNs, interruptible);
    }

    /**
     * Acquire, waiting at most {@code timeoutNs}, unless interrupted (Java's {@code Lock.tryLock(time, unit)} and
     * {@code lockInterruptibly}).
     *
     * @param timeoutNs longest wait ({@link Long#MAX_VALUE}: no bound; negative counts as 0).
     * @return true if acquired (from free or from a dead owner: see {@link #ownerDied()}), false if timed out.
     * @throws InterruptedException         if interrupted before or while waiting; nothing is held then.
     * @throws IllegalMonitorStateException if the calling thread holds the lock through this handle already.
     * @throws IllegalStateException        if the segment is closed.
     */
    public boolean acquireInterruptibly(final long timeoutNs) throws InterruptedException
    {
        if (Thread.interrupted())
        {
            throw new InterruptedException("interrupted before waiting for " + what);
        }
        final int outcome = acquire(Math.max(0, timeoutNs), true);
        if (outcome == INTERRUPTED)
        {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for " + what);
        }
        return outcome != TIMED_OUT;
    }

    /**
     * Acquire if the lock is free (and no other waiter has asked for a hand-off), or held by a dead process (an
     * owner this handle found alive is checked again after {@link #LIVENESS_CHECK_INTERVAL_NS} at the earliest).
     *
     * @return {@link #ACQUIRED}, {@link #OWNER_DIED} or {@link #TIMED_OUT} (not acquired).
     * @throws IllegalMonitorStateException if the calling thread holds the lock through this handle already.
     * @throws IllegalStateException        if the segment is closed.
     */
    public int tryAcquire()
    {
        checkUsable();
        final long w = UnsafeApi.getLongVolatile(null, word);
        if (w == 0L)
        {
            return !Handoff.mustYield(word, 0L) && Mem.cas64(word, 0L, me) ? held(ACQUIRED) : TIMED_OUT;
        }
        return w != me && ownerDead(w) && takeOver(w) ? held(OWNER_DIED) : TIMED_OUT;
    }

    /**
     * Whether the owner named by {@code w} is dead; an owner found alive is not asked again for
     * {@link #LIVENESS_CHECK_INTERVAL_NS} while it holds the word, so that polling with tryAcquire() does not read
     * {@code /proc} on every call. A new owner word is checked at once.
     */
    private boolean ownerDead(final long w)
    {
        final long now = System.nanoTime();
        if (w == aliveWord && now - aliveCheckedNs < LIVENESS_CHECK_INTERVAL_NS)
        {
            return false;
        }
        if (LockWords.isOwnerAlive(w))
        {
            aliveWord = w;
            aliveCheckedNs = now;
            return false;
        }
        return true;
    }

    private int await(final long timeoutNs, final boolean interruptible)
    {
        final long start = System.nanoTime();
        final Idle idle = Idle.of(spin, Idle.MAX_PARK_NS);
        long nextLivenessCheck = start;
        long token = 0L;
        try
        {
            while (true)
            {
                final long w = UnsafeApi.getLongVolatile(null, word);
                if (w == 0L)
                {
                    if (!Handoff.mustYield(word, token) && Mem.cas64(word, 0L, me))
                    {
                        return held(ACQUIRED);
                    }
                }
                else if (!idle.spunOut() && timeoutNs > 0)
                {
                    idle.idle(Long.MAX_VALUE);
                    continue;
                }
                final long now = System.nanoTime();
                if (w != 0L && w != me && now - nextLivenessCheck >= 0)
                {
                    nextLivenessCheck = now + LIVENESS_CHECK_INTERVAL_NS;
                    if (!LockWords.isOwnerAlive(w) && takeOver(w))
                    {
                        return held(OWNER_DIED);
                    }
                }
                final long waited = now - start;
                if (waited >= timeoutNs)
                {
                    return TIMED_OUT;
                }
                if (interruptible && Thread.currentThread().isInterrupted())
                {
                    return INTERRUPTED;
                }
                if (waited >= handoffAfterNs)
                {
                    token = Handoff.ask(word, token);
                    if (token != 0L)
                    {
                        idle.hurry(HANDOFF_MAX_PARK_NS);
                    }
                }
                idle.idle(timeoutNs == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNs - waited);
                checkOpen();
            }
        }
        finally
        {
            if (token != 0L && !segment.isClosed()) // closed under this waiter: unmapped, nothing to withdraw
            {
                // NOTE: withdraw the registration whether acquired or not; if it was replaced meanwhile, this fails
                // and leaves the other waiter's registration alone.
                Mem.cas64(word + HANDOFF_TOKEN_OFFSET, token, 0L);
            }
        }
    }

    private boolean takeOver(final long deadWord)
    {
        // NOTE: CAS from the dead owner's exact word: of many waiters that saw the same dead owner one wins; the
        // others then see a live owner. A take-over ignores hand-off registrations: the notice must not be lost.
        if (Mem.cas64(word, deadWord, me))
        {
            Mem.getAndAdd64(word + RECOVERIES_OFFSET, 1L);
            return true;
        }
        return false;
    }

    private int held(final int outcome)
    {
        holder = Thread.currentThread();
        ownerDied = outcome == OWNER_DIED;
        return outcome;
    }

    /**
     * Release: check that the calling thread holds the lock through this handle, then store 0 with release
     * semantics (spec "Release"). The word is not read first: under contention that read costs a cache-line
     * transfer; a word changed under a live holder can only be corruption, which the next acquirer's CAS sees.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock through this handle.
     * @throws IllegalStateException        if the segment is closed.
     */
    public void release()
    {
        checkOpen();
        if (holder != Thread.currentThread())
        {
            throw new IllegalMonitorStateException(what + " is not held by this thread through this handle" +
                LockWords.describeOwner(UnsafeApi.getLongVolatile(null, word)));
        }
        holder = null;
        ownerDied = false;
        // NOTE: the release store orders every write of the critical section before the lock is seen free.
        UnsafeApi.putLongRelease(null, word, 0L);
    }

    /**
     * Whether the current hold was taken over from a dead owner.
     *
     * @return true if the calling thread holds the lock and its previous owner died holding it.
     */
    public boolean ownerDied()
    {
        return holder == Thread.currentThread() && ownerDied;
    }

    /**
     * Whether the calling thread holds the lock through this handle.
     *
     * @return true if so.
     */
    public boolean isHeldByCurrentThread()
    {
        return holder == Thread.currentThread();
    }

    /**
     * The lock word, a volatile read.
     *
     * @return 0 if free, else the owner's word.
     * @throws IllegalStateException if the segment is closed.
     */
    public long word()
    {
        checkOpen();
        return UnsafeApi.getLongVolatile(null, word);
    }

    /**
     * The recovery count, a volatile read.
     *
     * @return take-overs from dead owners so far.
     * @throws IllegalStateException if the segment is closed.
     */
    public long recoveries()
    {
        checkOpen();
        return UnsafeApi.getLongVolatile(null, word + RECOVERIES_OFFSET);
    }

    /**
     * The owner named by the word.
     *
     * @return the owner, or null if free.
     * @throws IllegalStateException if the segment is closed.
     */
    public ProcessIdentity owner()
    {
        final long w = word();
        return w == 0L ? null : LockWords.decode(w);
    }

    /**
     * How messages name this lock.
     *
     * @return e.g. {@code "stripe 2 of 'a'"}.
     */
    public String what()
    {
        return what;
    }

    /**
     * The segment of the slot.
     *
     * @return the segment.
     */
    public Segment segment()
    {
        return segment;
    }

    private void checkUsable()
    {
        checkOpen();
        if (holder == Thread.currentThread())
        {
            throw new IllegalMonitorStateException(
                what + " is already held by this thread: shmkit locks are not reentrant");
        }
    }

    /**
     * Throw if the segment is closed.
     *
     * @throws IllegalStateException if it is.
     */
    public void checkOpen()
    {
        if (segment.isClosed())
        {
            throw new IllegalStateException("segment '" + segment.name() + "' is closed");
        }
    }
}
