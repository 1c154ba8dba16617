package io.shmkit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import io.shmkit.internal.lock.LockAdapter;
import io.shmkit.internal.lock.RobustLock;
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
 * <p><b>Fairness.</b> Not FIFO, but bounded: a waiter that has waited about a millisecond registers for a
 * hand-off in the slot, and every other acquirer, in any process, then leaves the lock to it the next time it is
 * free (spec "Acquire", step 4). A low-rate acquirer is so not starved by a thread that re-acquires at once.
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
 * bounded wait. Every acquire, even {@code tryLock(0, unit)}, checks the owner's liveness once before giving up,
 * so a lock held by a dead process is taken over whatever the timeout. Operations on a lock whose segment was
 * closed throw {@link IllegalStateException}.
 */
public final class ShmLock implements Lock
{
    private final RobustLock lock;
    // the Lock methods forward to the one mapping of Lock onto the robust lock (LockAdapter)
    private final LockAdapter view;
    private final int stripe;

    ShmLock(final Segment segment, final int stripe)
    {
        this.stripe = stripe;
        this.lock = new RobustLock(segment, segment.lockWordAddress(stripe),
            "stripe " + stripe + " of '" + segment.name() + "'", RobustLock.DEFAULT_HANDOFF_AFTER_NS);
        this.view = new LockAdapter(lock, "ShmLock has no conditions: use io.shmkit.sync.SharedCondition");
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
        view.lock();
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
        view.lockInterruptibly();
    }

    /**
     * Acquire the lock if it is free (and no waiter has asked for a hand-off), or held by a dead process, at
     * the time of the call.
     *
     * @return true if acquired.
     * @throws IllegalMonitorStateException if the calling thread already holds it through this handle.
     * @throws IllegalStateException        if the segment is closed.
     */
    @Override
    public boolean tryLock()
    {
        return view.tryLock();
    }

    /**
     * Acquire the lock, waiting at most {@code time}; a held lock's owner is checked for liveness at least once.
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
        return view.tryLock(time, unit);
    }

    /**
     * Release the lock, with release memory semantics.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock through this handle.
     * @throws IllegalStateException        if the segment is closed.
     */
    @Override
    public void unlock()
    {
        view.unlock();
    }

    /**
     * Not supported: use shmkit's process-shared synchronisers ({@code io.shmkit.sync}).
     *
     * @return never.
     * @throws UnsupportedOperationException always.
     */
    @Override
    public Condition newCondition()
    {
        return view.newCondition();
    }

    /**
     * Whether the current hold was taken over from a process that died holding the lock. Meaningful only
     * to the thread that holds the lock; cleared on {@link #unlock()}.
     *
     * @return true if the previous owner died holding the lock.
     */
    public boolean ownerDied()
    {
        return lock.ownerDied();
    }

    /**
     * Whether the calling thread holds this lock through this handle.
     *
     * @return true if held by the calling thread.
     */
    public boolean isHeldByCurrentThread()
    {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Whether any process holds the lock (a volatile read; the answer may be stale at once).
     *
     * @return true if the lock word is not 0.
     * @throws IllegalStateException if the segment is closed.
     */
    public boolean isLocked()
    {
        return lock.word() != 0;
    }

    /**
     * The owning process, as recorded in the lock word (pid and the low 32 bits of its start time).
     *
     * @return the owner, or {@code null} if the lock is free.
     * @throws IllegalStateException if the segment is closed.
     */
    public ProcessIdentity owner()
    {
        return lock.owner();
    }

    /**
     * How often this lock has been taken over from a dead owner since the segment was created
     * ({@link SegmentDescriptor#LOCK_RECOVERIES_OFFSET}).
     *
     * @return the recovery count.
     * @throws IllegalStateException if the segment is closed.
     */
    public long recoveries()
    {
        return lock.recoveries();
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

    @Override
    public String toString()
    {
        final long w = lock.segment().isClosed() ? 0 : lock.word();
        return "ShmLock{" + lock.segment().name() + "#" + stripe +
            (w == 0 ? ", free" : ", owner pid " + (w & 0xFFFF_FFFFL)) + "}";
    }
}
