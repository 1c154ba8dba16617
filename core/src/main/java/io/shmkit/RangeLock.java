package io.shmkit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A lock over consecutive stripes of a {@link SharedArray}, acquired in ascending stripe order and released
 * in descending order; {@link SharedArray#getLock()} is the range of all stripes (Python's
 * {@code get_lock()}). Because every multi-stripe acquisition in shmkit goes in ascending order, two range
 * locks never deadlock each other.
 *
 * <p><b>Throws:</b> IllegalMonitorStateException ({@link #lock} and the other acquires by a thread that holds one of
 * the stripes through this handle; {@link #unlock} by one that does not hold them all), InterruptedException
 * ({@link #lockInterruptibly} and the timed {@link #tryLock}; nothing is held then), IllegalStateException (closed, as
 * {@link ShmLock}), UnsupportedOperationException ({@link #newCondition}).
 *
 * <p><b>Note:</b> has the thread- and process-safety of its {@link ShmLock}s. Not reentrant. A failed or
 * timed-out {@link #tryLock} releases the stripes it had taken. Memory effects: as {@link ShmLock}, per
 * stripe.
 */
public final class RangeLock implements Lock
{
    private final ShmLock[] locks;
    private final int first;
    private final int last;

    RangeLock(final ShmLock[] locks, final int first, final int last)
    {
        this.locks = locks;
        this.first = first;
        this.last = last;
    }

    /**
     * Acquire every stripe in ascending order, each as {@link ShmLock#lock()}.
     *
     * @throws IllegalMonitorStateException if the calling thread already holds one of them through this handle
     *                                      (the stripes taken so far are released).
     */
    @Override
    public void lock()
    {
        acquireAll(lock ->
        {
            lock.lock();
            return true;
        });
    }

    /**
     * Acquire every stripe in ascending order unless interrupted.
     *
     * @throws InterruptedException if interrupted; the stripes taken so far are released.
     */
    @Override
    public void lockInterruptibly() throws InterruptedException
    {
        acquireAll(lock ->
        {
            lock.lockInterruptibly();
            return true;
        });
    }

    /**
     * Acquire every stripe if each is free (or held by a dead process) when tried.
     *
     * @return true if all were acquired; false, with none held, otherwise.
     */
    @Override
    public boolean tryLock()
    {
        return acquireAll(ShmLock::tryLock);
    }

    /**
     * Acquire every stripe within {@code time} in all.
     *
     * @param time longest total wait.
     * @param unit unit of {@code time}.
     * @return true if all were acquired; false, with none held, if the time elapsed.
     * @throws InterruptedException if interrupted; none are held then.
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException
    {
        final long deadline = System.nanoTime() + unit.toNanos(time);
        return acquireAll(lock -> lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    }

    /** One way of acquiring one stripe. */
    @FunctionalInterface
    private interface Attempt<E extends Exception>
    {
        boolean acquire(ShmLock lock) throws E;
    }

    /**
     * Acquire the stripes in ascending order with {@code attempt}; on a failed attempt or an exception, release
     * those already taken, in descending order, so that nothing is held.
     */
    private <E extends Exception> boolean acquireAll(final Attempt<E> attempt) throws E
    {
        for (int s = first; s <= last; s++)
        {
            final boolean ok;
            try
            {
                ok = attempt.acquire(locks[s]);
            }
            catch (final Throwable ex)
            {
                // an Error too (out of memory, an InternalError from a truncated file): else the stripes already
                // taken stay held by a live process, and every other locker waits for ever
                releaseDown(s - 1);
                throw ex;
            }
            if (!ok)
            {
                releaseDown(s - 1);
                return false;
            }
        }
        return true;
    }

    /**
     * Release every stripe, in descending order.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold them all; those it holds are
     *                                      still released.
     */
    @Override
    public void unlock()
    {
        IllegalMonitorStateException failure = null;
        for (int s = last; s >= first; s--)
        {
            try
            {
                locks[s].unlock();
            }
            catch (final IllegalMonitorStateException ex)
            {
                failure = null == failure ? ex : failure;
            }
        }
        if (null != failure)
        {
            throw failure;
        }
    }

    /**
     * Whether any stripe of the current hold was taken over from a process that died holding it.
     *
     * @return true if some previous owner died; meaningful only to the holding thread.
     */
    public boolean ownerDied()
    {
        for (int s = first; s <= last; s++)
        {
            if (locks[s].ownerDied())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * First stripe of the range.
     *
     * @return the lowest stripe index.
     */
    public int firstStripe()
    {
        return first;
    }

    /**
     * Last stripe of the range, inclusive.
     *
     * @return the highest stripe index.
     */
    public int lastStripe()
    {
        return last;
    }

    /**
     * Not supported.
     *
     * @return never.
     * @throws UnsupportedOperationException always.
     */
    @Override
    public Condition newCondition()
    {
        throw new UnsupportedOperationException("RangeLock has no conditions");
    }

    private void releaseDown(final int from)
    {
        for (int s = from; s >= first; s--)
        {
            locks[s].unlock();
        }
    }

    @Override
    public String toString()
    {
        return "RangeLock{stripes " + first + ".." + last + "}";
    }
}
