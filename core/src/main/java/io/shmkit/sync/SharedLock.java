package io.shmkit.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import io.shmkit.internal.lock.LockAdapter;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * Python's {@code multiprocessing.Lock} as a named segment of its own: a robust, non-reentrant lock that any
 * process can create or open by name (layout: {@link LockDescriptor}, kind {@link SegmentKind#LOCK}). It is the
 * lock of {@code io.shmkit.ShmLock} standing alone, with the same procedure ({@code docs/spec/locks.md}).
 *
 * <p>Acquiring is a compare-and-set with volatile memory effects (as {@code VarHandle#compareAndSet}), releasing a
 * store with release effects (as {@code VarHandle#setRelease}): what a holder wrote is visible to the next holder,
 * in any process. A lock held by a process that died is taken over by the next acquirer, which
 * {@link #ownerDied()} tells. A waiter that has waited about a millisecond is handed the lock before a thread that
 * re-acquires it at once.
 *
 * <p>Unlike Python's {@code Lock}, only the thread that acquired the lock (through this handle) may release it, as
 * with {@link Lock}: a robust lock needs an owner, and a lock released by another process is a semaphore
 * ({@link SharedSemaphore}).
 *
 * <p><b>Note:</b> thread-safe and process-safe; ownership is per process in the segment and per thread and handle
 * in this JVM (another thread, or another handle in this JVM, waits like another process). Not reentrant
 * ({@link SharedRLock} is): a second {@link #lock()} by the holder throws {@link IllegalMonitorStateException}.
 * Operations after {@link #close()} throw {@link IllegalStateException}; {@code close} must not race with
 * operations in flight in other threads.
 */
public final class SharedLock extends LockObject implements Lock
{
    // the Lock methods forward to the one mapping of Lock onto the robust lock (LockAdapter)
    private final LockAdapter asLock;

    private SharedLock(final SyncSegment segment)
    {
        super(segment, "lock");
        this.asLock = new LockAdapter(lock, "use SharedCondition, a condition with its own lock");
    }

    /**
     * Create a lock, free.
     *
     * @param name segment name.
     * @return the lock.
     * @throws java.io.UncheckedIOException if the name exists or there is no room.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedLock create(final String name)
    {
        return create(name, ShmOptions.defaults());
    }

    /**
     * Create a lock, free.
     *
     * @param name    segment name.
     * @param options root directory and persistence.
     * @return the lock.
     * @throws java.io.UncheckedIOException if the name exists or there is no room.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedLock create(final String name, final ShmOptions options)
    {
        return new SharedLock(SyncSegment.create(name, SegmentKind.LOCK, 0, 1, options, null));
    }

    /**
     * Open a lock by name.
     *
     * @param name segment name.
     * @return the lock.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a lock.
     * @throws IllegalArgumentException                 if the name is invalid.
     */
    public static SharedLock open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open a lock by name.
     *
     * @param name    segment name.
     * @param options root directory and open timeout.
     * @return the lock.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a lock.
     * @throws IllegalArgumentException                 if the name is invalid.
     */
    public static SharedLock open(final String name, final ShmOptions options)
    {
        return new SharedLock(SyncSegment.open(name, SegmentKind.LOCK, 0, 1, options));
    }

    /**
     * Acquire, waiting as long as a live process holds the lock.
     *
     * @throws IllegalMonitorStateException if the calling thread holds it already through this handle.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public void lock()
    {
        asLock.lock();
    }

    /**
     * Acquire unless interrupted.
     *
     * @throws InterruptedException         if interrupted while waiting.
     * @throws IllegalMonitorStateException if the calling thread holds it already through this handle.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public void lockInterruptibly() throws InterruptedException
    {
        asLock.lockInterruptibly();
    }

    /**
     * Acquire if free (and no waiter is owed a hand-off) or held by a dead process.
     *
     * @return true if acquired.
     * @throws IllegalMonitorStateException if the calling thread holds it already through this handle.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public boolean tryLock()
    {
        return asLock.tryLock();
    }

    /**
     * Acquire within {@code time}; a held lock's owner is checked for liveness at least once, even for 0.
     *
     * @param time longest wait.
     * @param unit its unit.
     * @return true if acquired, false if the time elapsed.
     * @throws InterruptedException         if interrupted while waiting.
     * @throws IllegalMonitorStateException if the calling thread holds it already through this handle.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException
    {
        return asLock.tryLock(time, unit);
    }

    /**
     * Release, with release memory semantics.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it through this handle.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public void unlock()
    {
        asLock.unlock();
    }

    /**
     * Whether any process holds the lock (a volatile read; stale at once).
     *
     * @return true if held.
     * @throws IllegalStateException if closed.
     */
    public boolean isLocked()
    {
        return lock.word() != 0;
    }
}
