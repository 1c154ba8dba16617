package io.shmkit.internal.lock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Lock} over a {@link RobustLock}: the one place where {@code Lock}'s methods map onto the robust lock
 * procedure, for every lock handle of the layers above ({@code io.shmkit.ShmLock}, {@code io.shmkit.sync}'s
 * named locks and a condition's lock).
 */
public final class LockAdapter implements Lock
{
    private final RobustLock lock;
    private final String noCondition;

    /**
     * A view of {@code lock} as a {@link Lock}.
     *
     * @param lock        the robust lock.
     * @param noCondition the message of the exception {@link #newCondition()} throws.
     */
    public LockAdapter(final RobustLock lock, final String noCondition)
    {
        this.lock = lock;
        this.noCondition = noCondition;
    }

    @Override
    public void lock()
    {
        lock.acquire(Long.MAX_VALUE, false);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException
    {
        // an unbounded wait returns only when acquired (or throws when interrupted)
        lock.acquireInterruptibly(Long.MAX_VALUE);
    }

    @Override
    public boolean tryLock()
    {
        return lock.tryAcquire() != RobustLock.TIMED_OUT;
    }

    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException
    {
        return lock.acquireInterruptibly(unit.toNanos(time));
    }

    @Override
    public void unlock()
    {
        lock.release();
    }

    @Override
    public Condition newCondition()
    {
        throw new UnsupportedOperationException(noCondition);
    }

    @Override
    public String toString()
    {
        return "LockAdapter{" + lock.what() + "}";
    }
}
