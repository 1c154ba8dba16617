package io.shmkit.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import io.shmkit.internal.lock.RobustLock;

/** A {@link Lock} over a primitive's robust lock slot (the lock of a {@link SharedCondition}). */
final class LockView implements Lock
{
    private final RobustLock lock;

    LockView(final RobustLock lock)
    {
        this.lock = lock;
    }

    @Override
    public void lock()
    {
        lock.acquire(Long.MAX_VALUE, false);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException
    {
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
        throw new UnsupportedOperationException("a SharedCondition's lock has one condition: the SharedCondition");
    }

    @Override
    public String toString()
    {
        return "LockView{" + lock.what() + "}";
    }
}
