package io.shmkit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

import org.agrona.UnsafeApi;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.ProcessIdentity;

/**
 * A robust, non-reentrant, cross-process mutual-exclusion lock: one 64-bit lock word in a segment's lock
 * slot (see {@link SegmentDescriptor}). The word is 0 when free and the owner's
 * {@link io.shmkit.internal.lock.LockWords#encode} when held. The acquire and release steps are specified in
 * {@code docs/spec/locks.md}.
 *
 * <p><b>Acquiring.</b> A compare-and-set from 0 to the caller's identity, with volatile memory effects (as
 * {@code VarHandle#compareAndSet}). A waiter spins briefly ({@link Thread#onSpinWait()}), then yields, then
 * parks with exponential back-off from 1 µs to 1 ms, so it never starves the process it waits for.
 *
 * <p><b>Robustness.</b> A waiter that finds the owner process dead (no such pid, a zombie, or the pid
 * reused by a process with another start time) takes the lock over with a compare-and-set from the dead
 * owner's word, increments the slot's recovery counter, and {@link #ownerDied()} returns true for that hold:
 * the caller learns that the data the lock protects may be half-updated, as with POSIX
 * {@code EOWNERDEAD}. The owner's liveness is checked after the spin phase and then every few milliseconds.
 *
 * <p><b>Releasing.</b> {@link #unlock()} checks that the calling thread holds the lock through this handle,
 * then writes 0 with release semantics (as {@code VarHandle#setRelease}): every write made while holding the
 * lock is visible to the next owner, in any process, once it has acquired the lock.
 *
 * <p><b>Note:</b> thread-safe and process-safe. Ownership is per process in shared memory and per thread
 * and handle in this JVM: only the thread that acquired through this handle may unlock; another thread or
 * another handle of the same lock in this JVM waits like any other process. Not reentrant: a thread that
 * calls {@link #lock()} again while holding the lock gets an {@link IllegalMonitorStateException} instead of
 * a deadlock. A thread that dies while holding the lock leaves it held until the whole process dies.
 * {@link #lock()} waits until the lock is free or its owner dies; use {@link #tryLock(long, TimeUnit)} for a
 * bounded wait. Operations on a lock whose segment was closed throw {@link IllegalStateException}.
 */
public final class ShmLock implements Lock
{
    private static final int SPINS = 100;
    private static final int YIELDS = 20;
    private static final long MIN_PARK_NS = 1_000;
    private static final long MAX_PARK_NS = 1_000_000;
    private static final long LIVENESS_CHECK_INTERVAL_NS = 5_000_000;
    /** Outcomes of the wait loop. */
    private static final int TIMED_OUT = 0;
    private static final int ACQUIRED = 1;
    private static final int INTERRUPTED = 2;

    private final Segment segment;
    private final int stripe;
    private final long address;
    private final long me;
    // Plain fields: written only by the thread that holds the lock through this handle, and read for
    // equality with the current thread, which always sees its own last write.
    private Thread holder;
    private boolean ownerDied;

    /**
     * The lock of lock slot {@code slot} of a segment, for shmkit's own layers above this package (collections,
     * queues, synchronisers). Not API: its parameter type is internal.
     *
     * @param segment an open segment.
     * @param slot    a lock slot of it, from 0 to its stripe count - 1.
     * @return a new handle on that lock word.
     * @throws IndexOutOfBoundsException if the segment has no such lock slot.
     */
    public static ShmLock forSlot(final Segment segment, final int slot)
    {
        if (slot < 0 || slot >= segment.layout().stripeCount())
        {
            throw new IndexOutOfBoundsException("lock slot " + slot + " out of range [0, " +
                segment.layout().stripeCount() + ") of '" + segment.name() + "'");
        }
        return new ShmLock(segment, slot);
    }

    ShmLock(final Segment segment, final int stripe)
    {
        this.segment = segment;
        this.stripe = stripe;
        this.address = segment.lockWordAddress(stripe);
        this.me = LockWords.current();
    }

    /**
     * Acquire the lock, waiting as long as it is held by a live process.
     *
     * @throws IllegalMonitorStateException if the calling thread already holds it through this handle.
     * @throws IllegalStateException        if the segment is closed.
     */
    @Override
    public void lock()
    {
        acquire(Long.MAX_VALUE, false);
    }


    /**
     * Acquire the lock unless the thread is interrupted.
     *
     * @throws InterruptedException         if interrupted while waiting.
     * @throws IllegalMonitorStateException if the calling thread already holds it through this handle.
     * @throws IllegalStateException        if the segment is closed.
     */
    @Override
    public void lockInterruptibly() throws InterruptedException
    {
        // an unbounded wait returns only when acquired (or throws when interrupted)
        acquireInterruptibly(Long.MAX_VALUE);
    }

    /**
     * Acquire the lock if it is free, or held by a dead process, at the time of the call.
     *
     * @return true if acquired.
     * @throws IllegalMonitorStateException if the calling thread already holds it through this handle.
     * @throws IllegalStateException        if the segment is closed.
     */
    @Override
    public boolean tryLock()
    {
        checkUsable();
        if (casFromFree())
        {
            return true;
        }
        final long w = UnsafeApi.getLongVolatile(null, address);
        return w != 0 && w != me && !LockWords.isOwnerAlive(w) && takeOver(w);
    }

    /**
     * Acquire the lock, waiting at most {@code time}.
     *
     * @param time longest wait.
     * @param unit unit of {@code time}.
     * @return true if acquired, false if the time elapsed.
     * @throws InterruptedException         if interrupted while waiting.
     * @throws IllegalMonitorStateException if the calling thread already holds it through this handle.
     * @throws IllegalStateException        if the segment is closed.
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException
    {
        return acquireInterruptibly(unit.toNanos(time));
    }

    /**
     * Release the lock, with release memory semantics.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock through this handle,
     *                                      or the lock word no longer names this process.
     * @throws IllegalStateException        if the segment is closed.
     */
    @Override
    public void unlock()
    {
        checkOpen();
        if (holder != Thread.currentThread())
        {
            throw new IllegalMonitorStateException(
                "stripe " + stripe + " of '" + segment.name() + "' is not held by this thread through this handle" +
                describeOwner(UnsafeApi.getLongVolatile(null, address)));
        }
        final long w = UnsafeApi.getLongVolatile(null, address);
        holder = null;
        ownerDied = false;
        if (w != me)
        {
            throw new IllegalMonitorStateException(
                "lock word of stripe " + stripe + " of '" + segment.name() + "' changed while held" + describeOwner(w));
        }
        // NOTE: the release store orders every write of the critical section before the lock is seen free.
        UnsafeApi.putLongRelease(null, address, 0L);
    }

    /**
     * Not supported: use shmkit's process-shared synchronisers.
     *
     * @return never.
     * @throws UnsupportedOperationException always.
     */
    @Override
    public Condition newCondition()
    {
        throw new UnsupportedOperationException("ShmLock has no conditions");
    }

    /**
     * Whether the current hold was taken over from a process that died holding the lock. Meaningful only
     * to the thread that holds the lock; cleared on {@link #unlock()}.
     *
     * @return true if the previous owner died holding the lock.
     */
    public boolean ownerDied()
    {
        return holder == Thread.currentThread() && ownerDied;
    }

    /**
     * Whether the calling thread holds this lock through this handle.
     *
     * @return true if held by the calling thread.
     */
    public boolean isHeldByCurrentThread()
    {
        return holder == Thread.currentThread();
    }

    /**
     * Whether any process holds the lock (a volatile read; the answer may be stale at once).
     *
     * @return true if the lock word is not 0.
     * @throws IllegalStateException if the segment is closed.
     */
    public boolean isLocked()
    {
        checkOpen();
        return UnsafeApi.getLongVolatile(null, address) != 0;
    }

    /**
     * The owning process, as recorded in the lock word (pid and the low 32 bits of its start time).
     *
     * @return the owner, or {@code null} if the lock is free.
     * @throws IllegalStateException if the segment is closed.
     */
    public ProcessIdentity owner()
    {
        checkOpen();
        final long w = UnsafeApi.getLongVolatile(null, address);
        return w == 0 ? null : LockWords.decode(w);
    }

    /**
     * How often this lock has been taken over from a dead owner since the segment was created.
     *
     * @return the recovery count.
     * @throws IllegalStateException if the segment is closed.
     */
    public long recoveries()
    {
        checkOpen();
        return UnsafeApi.getLongVolatile(null, address + SegmentDescriptor.LOCK_RECOVERIES_OFFSET);
    }

    /**
     * The stripe this lock guards (0 for a value's lock).
     *
     * @return the stripe index.
     */
    public int stripe()
    {
        return stripe;
    }

    private boolean acquireInterruptibly(final long timeoutNs) throws InterruptedException
    {
        if (Thread.interrupted())
        {
            throw new InterruptedException();
        }
        final int outcome = acquire(timeoutNs, true);
        if (outcome == INTERRUPTED)
        {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for stripe " + stripe + " of '" +
                segment.name() + "'");
        }
        return outcome == ACQUIRED;
    }

    /**
     * The wait loop: spin, yield, park with back-off; check the owner's liveness after the spins and then
     * every {@link #LIVENESS_CHECK_INTERVAL_NS}.
     */
    private int acquire(final long timeoutNs, final boolean interruptible)
    {
        checkUsable();
        if (casFromFree())
        {
            return ACQUIRED;
        }
        final long start = System.nanoTime();
        long nextLivenessCheck = start;
        long parkNs = MIN_PARK_NS;
        int idles = 0;
        while (true)
        {
            final long w = UnsafeApi.getLongVolatile(null, address);
            if (w == 0)
            {
                if (casFromFree())
                {
                    return ACQUIRED;
                }
                continue;
            }
            if (idles < SPINS)
            {
                Thread.onSpinWait();
                idles++;
                continue;
            }
            final long now = System.nanoTime();
            if (w != me && now - nextLivenessCheck >= 0)
            {
                nextLivenessCheck = now + LIVENESS_CHECK_INTERVAL_NS;
                if (!LockWords.isOwnerAlive(w) && takeOver(w))
                {
                    return ACQUIRED;
                }
            }
            if (timeoutNs != Long.MAX_VALUE && now - start >= timeoutNs)
            {
                return TIMED_OUT;
            }
            if (interruptible && Thread.currentThread().isInterrupted())
            {
                return INTERRUPTED;
            }
            if (idles < SPINS + YIELDS)
            {
                Thread.yield();
                idles++;
            }
            else
            {
                LockSupport.parkNanos(parkNs);
                parkNs = Math.min(parkNs << 1, MAX_PARK_NS);
            }
            checkOpen();
        }
    }

    private boolean casFromFree()
    {
        // NOTE: volatile CAS: the acquiring process sees every write the previous owner made before its
        // release store.
        if (UnsafeApi.compareAndSetLong(null, address, 0L, me))
        {
            holder = Thread.currentThread();
            ownerDied = false;
            return true;
        }
        return false;
    }

    private boolean takeOver(final long deadWord)
    {
        // NOTE: CAS from the dead owner's exact word: of many waiters that saw the same dead owner, one wins;
        // the others then see a live owner.
        if (UnsafeApi.compareAndSetLong(null, address, deadWord, me))
        {
            UnsafeApi.getAndAddLong(null, address + SegmentDescriptor.LOCK_RECOVERIES_OFFSET, 1L);
            holder = Thread.currentThread();
            ownerDied = true;
            return true;
        }
        return false;
    }

    private void checkUsable()
    {
        checkOpen();
        if (holder == Thread.currentThread())
        {
            throw new IllegalMonitorStateException(
                "stripe " + stripe + " of '" + segment.name() + "' is already held by this thread: shmkit locks " +
                "are not reentrant");
        }
    }

    private void checkOpen()
    {
        if (segment.isClosed())
        {
            throw new IllegalStateException("segment '" + segment.name() + "' is closed");
        }
    }

    private static String describeOwner(final long w)
    {
        if (w == 0)
        {
            return " (it is free)";
        }
        final ProcessIdentity owner = LockWords.decode(w);
        return " (held by pid " + owner.pid() + (LockWords.isOwnerAlive(w) ? ", alive)" : ", dead)");
    }

    @Override
    public String toString()
    {
        final long w = segment.isClosed() ? 0 : UnsafeApi.getLongVolatile(null, address);
        return "ShmLock{" + segment.name() + "#" + stripe + (w == 0 ? ", free" : ", owner pid " + (w & 0xFFFF_FFFFL)) +
            "}";
    }
}
