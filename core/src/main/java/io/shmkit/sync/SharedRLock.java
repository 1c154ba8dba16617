package io.shmkit.sync;

import static io.shmkit.sync.RLockDescriptor.HOLD_COUNT_OFFSET;
import static io.shmkit.sync.RLockDescriptor.OWNER_THREAD_OFFSET;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import io.shmkit.internal.lock.RobustLock;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * Python's {@code multiprocessing.RLock}: a robust lock that the owning thread may acquire again, released when it
 * has released as often as it acquired (Java's {@code ReentrantLock} vocabulary: {@link #getHoldCount()}). A named
 * segment of kind {@link SegmentKind#RLOCK} ({@link RLockDescriptor}).
 *
 * <p>The lock word names the owning process (as every shmkit lock); this handle records the owning thread and its
 * hold count, and mirrors both into the segment for {@code shmkit inspect}. A lock whose owning process died is
 * taken over by the next acquirer with a hold count of 1, and {@link #ownerDied()} tells it. Memory effects as
 * {@link SharedLock}: the first acquire is a volatile compare-and-set, the last release a release store.
 *
 * <p><b>Note:</b> thread-safe and process-safe; ownership is per thread and handle in this JVM (another thread or
 * handle waits like another process). Releasing by a thread that does not hold it throws
 * {@link IllegalMonitorStateException} (Python: {@code RuntimeError}).
 */
public final class SharedRLock extends LockObject implements Lock
{
    // Written only by the owning thread (under the lock); read for its own thread.
    private int holds;

    private SharedRLock(final SyncSegment segment)
    {
        super(segment, "rlock");
    }

    /**
     * Create a reentrant lock, free.
     *
     * @param name    segment name.
     * @param options root directory and persistence.
     * @return the lock.
     * @throws java.io.UncheckedIOException if the name exists or there is no room.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedRLock create(final String name, final ShmOptions options)
    {
        return new SharedRLock(SyncSegment.create(name, SegmentKind.RLOCK, RLockDescriptor.WORDS, 1, options,
            null));
    }

    /**
     * Open a reentrant lock by name.
     *
     * @param name    segment name.
     * @param options root directory and open timeout.
     * @return the lock.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an rlock.
     * @throws IllegalArgumentException                 if the name is invalid.
     */
    public static SharedRLock open(final String name, final ShmOptions options)
    {
        return new SharedRLock(SyncSegment.open(name, SegmentKind.RLOCK, RLockDescriptor.WORDS, 1, options));
    }

    /**
     * Acquire, or count one more hold if the calling thread holds it already.
     *
     * @throws IllegalStateException if closed.
     */
    @Override
    public void lock()
    {
        if (!reenter())
        {
            lock.acquire(Long.MAX_VALUE, false);
            first();
        }
    }

    /**
     * Acquire unless interrupted, or count one more hold.
     *
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException if closed.
     */
    @Override
    public void lockInterruptibly() throws InterruptedException
    {
        if (!reenter())
        {
            lock.acquireInterruptibly(Long.MAX_VALUE);
            first();
        }
    }

    /**
     * Acquire if free or held by a dead process, or count one more hold.
     *
     * @return true if held now.
     * @throws IllegalStateException if closed.
     */
    @Override
    public boolean tryLock()
    {
        if (reenter())
        {
            return true;
        }
        if (lock.tryAcquire() == RobustLock.TIMED_OUT)
        {
            return false;
        }
        first();
        return true;
    }

    /**
     * Acquire within {@code time}, or count one more hold.
     *
     * @param time longest wait.
     * @param unit its unit.
     * @return true if held now, false if the time elapsed.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException if closed.
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException
    {
        if (reenter())
        {
            return true;
        }
        if (!lock.acquireInterruptibly(unit.toNanos(time)))
        {
            return false;
        }
        first();
        return true;
    }

    /**
     * Release one hold; the last one frees the lock with release memory semantics.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it through this handle.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public void unlock()
    {
        segment.checkOpen();
        if (!lock.isHeldByCurrentThread())
        {
            lock.release(); // throws, naming the owner
        }
        holds--;
        segment.setRelease(HOLD_COUNT_OFFSET, holds);
        if (holds == 0)
        {
            segment.setRelease(OWNER_THREAD_OFFSET, 0);
            lock.release();
        }
    }

    /**
     * The calling thread's holds through this handle.
     *
     * @return 0 if it does not hold the lock.
     */
    public int getHoldCount()
    {
        return lock.isHeldByCurrentThread() ? holds : 0;
    }

    /**
     * The owner's hold count as recorded in the segment, for any process to see (informational: the owner writes it
     * with each change).
     *
     * @return the recorded count, 0 when free.
     * @throws IllegalStateException if closed.
     */
    public long recordedHoldCount()
    {
        segment.checkOpen();
        return segment.get(HOLD_COUNT_OFFSET);
    }

    private boolean reenter()
    {
        segment.checkOpen();
        if (!lock.isHeldByCurrentThread())
        {
            return false;
        }
        if (holds == Integer.MAX_VALUE)
        {
            throw new IllegalMonitorStateException("maximum hold count exceeded on '" + segment.name() + "'");
        }
        holds++;
        segment.setRelease(HOLD_COUNT_OFFSET, holds);
        return true;
    }

    private void first()
    {
        if (lock.isHeldByCurrentThread())
        {
            holds = 1;
            segment.setRelease(OWNER_THREAD_OFFSET, Thread.currentThread().getId());
            segment.setRelease(HOLD_COUNT_OFFSET, 1);
        }
    }
}
