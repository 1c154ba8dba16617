package io.shmkit.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;

/**
 * The child side of the demo's second part, run by {@link io.shmkit.process.ShmProcess}: Python's
 * {@code with v.get_lock(): v.value += 1}, K times.
 *
 * <p>Shared objects: the counter (a {@code Value('i')} with a lock) and the start array ({@code 'q'}, no
 * lock: [{@link #READY}] children ready, [{@link #GO}] start flag). Arguments: K, and the longest wait for the
 * start flag in ms (the parent's own bound on the children's start, after which it gives up and kills them). The
 * child counts itself ready, waits (bounded) for the start flag so that all children increment at the same
 * time, then increments.
 *
 * <p><b>Note:</b> runs single-threaded in a child JVM.
 */
final class DemoIncrementTask implements ChildTask
{
    /** Index of the ready count in the start array. */
    static final int READY = 0;
    /** Index of the start flag in the start array: 0 wait, 1 go. */
    static final int GO = 1;
    /** Length of the start array. */
    static final int START_LENGTH = 2;

    private static final long PARK_NS = 50_000;

    DemoIncrementTask()
    {
    }

    @Override
    public void run(final ChildContext context)
    {
        final SharedLong counter = context.longValue(context.sharedName(0));
        final SharedLongArray start = context.longArray(context.sharedName(1));
        final long times = Long.parseLong(context.args().get(0));
        final long goTimeoutMs = Long.parseLong(context.args().get(1));
        start.getAndAdd(READY, 1);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(goTimeoutMs);
        // NOTE: acquire pairs with the parent's release store of GO.
        while (start.getAcquire(GO) == 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("no start signal from the parent within " + goTimeoutMs + " ms");
            }
            LockSupport.parkNanos(PARK_NS);
        }
        increment(counter, times);
    }

    /**
     * Increment {@code counter} {@code times} times, each a read and a write under the counter's lock (not an
     * atomic add: the lock is what makes it exact, as in Python).
     *
     * @param counter the shared value.
     * @param times   how many increments.
     */
    static void increment(final SharedLong counter, final long times)
    {
        final ShmLock lock = counter.getLock();
        for (long k = 0; k < times; k++)
        {
            lock.lock();
            try
            {
                counter.setPlain(counter.getPlain() + 1);
            }
            finally
            {
                lock.unlock();
            }
        }
    }
}
