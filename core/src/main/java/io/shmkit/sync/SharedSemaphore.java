package io.shmkit.sync;

import static io.shmkit.sync.SemaphoreDescriptor.*;

import java.util.concurrent.TimeUnit;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.lock.RobustLock;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * Python's {@code multiprocessing.Semaphore} and {@code BoundedSemaphore} as a named segment of kind
 * {@link SegmentKind#SEMAPHORE} ({@link SemaphoreDescriptor}), in the vocabulary of
 * {@link java.util.concurrent.Semaphore}.
 *
 * <p><b>Robustness.</b> The semaphore records which process holds how many permits, in a table of
 * {@link SemaphoreDescriptor#DEFAULT_HOLDERS} processes. A waiter that finds no permit checks the holders' liveness
 * (at most every 5 ms) and gives the permits of dead holders back ({@link #reclaimed()} counts them). A process's
 * {@link #release()} first pays back what that process holds. Past the table's bound (more distinct processes
 * holding permits at once than it has entries) the extra permits are counted as untracked and are not given back
 * if their holder dies. A release by a process that holds no permit (on another's behalf, as a producer releases
 * for a consumer) is counted as unowned, and a dead holder's permits are given back only beyond that count: a
 * permit released already is never given back a second time, at the price of losing a dead holder's permit when a
 * live process was the one released for; that count never exceeds the permits recorded as held (excess releases
 * add permits, as a signal does), so it cannot grow over a long life. A process killed inside the few
 * instructions of a state update may lose one permit; it never adds one, so the semaphore never hands out more
 * than its permits.
 *
 * <p><b>Bounded.</b> A bounded semaphore ({@link #createBounded}) rejects a release that would raise the available
 * permits above the initial count, as Python's {@code BoundedSemaphore} does ({@code ValueError} there,
 * {@link IllegalStateException} here).
 *
 * <p>Every state change happens under the segment's robust lock (a volatile compare-and-set to acquire, a release
 * store to release): actions before a {@link #release()} happen-before those after the {@code acquire} it lets
 * through, in any process.
 *
 * <p><b>Throws:</b> IllegalArgumentException (negative permits; {@code release(n)} with {@code n < 1}; invalid name),
 * IllegalStateException (a release past a bounded semaphore's bound: nothing is released; closed),
 * InterruptedException (interrupted while waiting), UncheckedIOException (name exists, no room, no such segment),
 * SegmentFormatException (not a semaphore).
 *
 * <p><b>Note:</b> thread-safe and process-safe. Waits spin, yield, then park up to 100 µs (1 ms after 50 ms);
 * untimed waits are interruptible.
 */
public final class SharedSemaphore extends SyncObject
{
    private final RobustLock lock;
    private final SemaphoreHolders holders;
    // Plain: when tryAcquire() may next look for dead holders. Racy between threads of this JVM, and the race is
    // benign: the worst is one pass over the holders too many, or one interval late.
    private long nextReclaimNs = System.nanoTime();

    private SharedSemaphore(final SyncSegment segment)
    {
        super(segment);
        this.lock = segment.lock(LOCK_SLOT, "semaphore '" + segment.name() + "'", Long.MAX_VALUE);
        this.holders = new SemaphoreHolders(segment, (int)Math.min(segment.get(HOLDERS_OFFSET),
            (segment.words() - HEADER_WORDS) / (ENTRY_LENGTH / Long.BYTES)), LockWords.current());
    }

    /**
     * Create a semaphore with {@code permits} permits and no bound (Python's {@code Semaphore(value)}).
     *
     * @param name    segment name.
     * @param permits initial permits, at least 0.
     * @param options root directory and persistence.
     * @return the semaphore.
     * @throws IllegalArgumentException     if {@code permits} is negative or the name is invalid.
     * @throws java.io.UncheckedIOException if the name exists or there is no room.
     */
    public static SharedSemaphore create(final String name, final long permits, final ShmOptions options)
    {
        return create(name, permits, -1, options);
    }

    /**
     * Create a bounded semaphore (Python's {@code BoundedSemaphore(value)}): releases may not raise the available
     * permits above {@code permits}.
     *
     * @param name    segment name.
     * @param permits initial and largest number of permits, at least 0.
     * @param options root directory and persistence.
     * @return the semaphore.
     * @throws IllegalArgumentException     if {@code permits} is negative or the name is invalid.
     * @throws java.io.UncheckedIOException if the name exists or there is no room.
     */
    public static SharedSemaphore createBounded(final String name, final long permits, final ShmOptions options)
    {
        return create(name, permits, permits, options);
    }

    private static SharedSemaphore create(final String name, final long permits, final long bound,
        final ShmOptions options)
    {
        if (permits < 0)
        {
            throw new IllegalArgumentException("permits=" + permits + " must not be negative");
        }
        final int words = HEADER_WORDS + DEFAULT_HOLDERS * ENTRY_LENGTH / Long.BYTES;
        return new SharedSemaphore(SyncSegment.create(name, SegmentKind.SEMAPHORE, words, 1, options, data ->
        {
            org.agrona.UnsafeApi.putLong(null, data + VALUE_OFFSET, permits);
            org.agrona.UnsafeApi.putLong(null, data + BOUND_OFFSET, bound);
            org.agrona.UnsafeApi.putLong(null, data + HOLDERS_OFFSET, DEFAULT_HOLDERS);
        }));
    }

    /**
     * Open a semaphore by name.
     *
     * @param name    segment name.
     * @param options root directory and open timeout.
     * @return the semaphore.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a semaphore.
     * @throws IllegalArgumentException                 if the name is invalid.
     */
    public static SharedSemaphore open(final String name, final ShmOptions options)
    {
        return new SharedSemaphore(SyncSegment.open(name, SegmentKind.SEMAPHORE, HEADER_WORDS, 1, options));
    }

    /**
     * Take a permit, waiting until one is available (or given back from a dead holder).
     *
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException if closed.
     */
    public void acquire() throws InterruptedException
    {
        tryAcquire(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * Take a permit if one is available now (after giving back dead holders' permits, if none is: at most once every
     * 5 ms per handle, under the state lock, so that polling does not read {@code /proc} on every call).
     *
     * @return true if taken.
     * @throws IllegalStateException if closed.
     */
    public boolean tryAcquire()
    {
        final long now = System.nanoTime();
        final boolean reclaim = now - nextReclaimNs >= 0;
        if (reclaim)
        {
            nextReclaimNs = now + RobustLock.LIVENESS_CHECK_INTERVAL_NS;
        }
        return take(reclaim);
    }

    /**
     * Take a permit, waiting at most {@code time} (Python's {@code acquire(timeout=...)}).
     *
     * @param time longest wait; 0 or less tries once.
     * @param unit its unit.
     * @return true if taken, false if the time elapsed.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException if closed.
     */
    public boolean tryAcquire(final long time, final TimeUnit unit) throws InterruptedException
    {
        segment.checkOpen();
        if (take(false))
        {
            return true;
        }
        segment.getAndAdd(WAITERS_OFFSET, 1);
        try
        {
            // the state lock is taken only when a permit may be there, or for the periodic pass over dead holders
            // at least one pass over dead holders whatever the timeout, as ShmLock promises: Waits makes a slow poll
            // before it gives up
            return Waits.await(segment, Math.max(0, unit.toNanos(time)),
                slow -> (slow || segment.get(VALUE_OFFSET) > 0) && take(slow));
        }
        finally
        {
            if (!segment.isClosed()) // a handle closed under a waiter is unmapped: nothing more to write
            {
                segment.getAndAdd(WAITERS_OFFSET, -1);
            }
        }
    }

    /**
     * Give a permit back (Python's {@code release()}).
     *
     * @throws IllegalStateException if a bounded semaphore would exceed its bound, or if closed.
     */
    public void release()
    {
        release(1);
    }

    /**
     * Give {@code n} permits back (Python's {@code release(n)}); this process's recorded holding is paid back
     * first.
     *
     * @param n permits, at least 1.
     * @throws IllegalArgumentException if {@code n} is less than 1.
     * @throws IllegalStateException    if a bounded semaphore would exceed its bound (nothing is released), or if
     *                                  closed.
     */
    public void release(final int n)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("n=" + n + " must be at least 1");
        }
        segment.checkOpen();
        lock.acquire(Long.MAX_VALUE, false);
        try
        {
            final long value = segment.get(VALUE_OFFSET);
            final long bound = segment.get(BOUND_OFFSET);
            if (bound >= 0 && value + n > bound)
            {
                throw new IllegalStateException("bounded semaphore '" + segment.name() + "' released too many times: " +
                    value + " available + " + n + " > bound " + bound);
            }
            // NOTE: the holding is paid back BEFORE the value rises: a death between the two loses a permit
            // rather than adding one.
            holders.payBack(n);
            segment.set(VALUE_OFFSET, value + n);
            segment.getAndAdd(SEQUENCE_OFFSET, 1);
        }
        finally
        {
            lock.release();
        }
    }

    /**
     * Permits available now (a volatile read; stale at once).
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public long availablePermits()
    {
        segment.checkOpen();
        return segment.get(VALUE_OFFSET);
    }

    /**
     * Whether this is a bounded semaphore.
     *
     * @return true if releases are checked against a bound.
     * @throws IllegalStateException if closed.
     */
    public boolean isBounded()
    {
        segment.checkOpen();
        return segment.get(BOUND_OFFSET) >= 0;
    }

    /**
     * Permits given back from dead holders since creation.
     *
     * @return the count.
     * @throws IllegalStateException if closed.
     */
    public long reclaimed()
    {
        segment.checkOpen();
        return segment.get(RECLAIMED_OFFSET);
    }

    /**
     * Threads waiting for a permit (killed waiters stay counted).
     *
     * @return the count.
     * @throws IllegalStateException if closed.
     */
    public long waiters()
    {
        segment.checkOpen();
        return segment.get(WAITERS_OFFSET);
    }

    /** One attempt under the state lock; {@code slow}: give dead holders' permits back first if none is free. */
    private boolean take(final boolean slow)
    {
        lock.acquire(Long.MAX_VALUE, false);
        try
        {
            long value = segment.get(VALUE_OFFSET);
            if (value <= 0 && slow)
            {
                value = reclaimDead(value);
            }
            if (value <= 0)
            {
                return false;
            }
            // NOTE: the value falls BEFORE the holding is recorded: a death between the two loses a permit.
            segment.set(VALUE_OFFSET, value - 1);
            holders.took();
            return true;
        }
        finally
        {
            lock.release();
        }
    }

    /** Give the permits of dead holders back (under the state lock); returns the value after. */
    private long reclaimDead(final long value)
    {
        long back = holders.takeDeadHoldings();
        final long bound = segment.get(BOUND_OFFSET);
        if (bound >= 0 && value + back > bound)
        {
            back = bound - value; // whatever the accounting says, a bounded semaphore never rises past its bound
        }
        if (back <= 0)
        {
            return value;
        }
        segment.set(VALUE_OFFSET, value + back);
        segment.getAndAdd(RECLAIMED_OFFSET, back);
        segment.getAndAdd(SEQUENCE_OFFSET, 1);
        return value + back;
    }
}
