package io.shmkit.pool;

import java.util.concurrent.locks.LockSupport;

import io.shmkit.queue.WaitStrategy;

/**
 * How a pool's loops wait for work: a worker for its next request, the parent's result thread for results. The
 * queue's strategies: {@link WaitStrategy#SPIN} spins, {@link WaitStrategy#YIELD} spins briefly then yields, and
 * {@link WaitStrategy#BACKOFF} spins, yields, then parks with back-off from 1 µs to {@link #MAX_PARK_NS}, so a
 * worker between tasks wakes within about half a millisecond; after {@link #SLEEP_AFTER_NS} of parking its loop
 * sleeps until it is woken ({@link #sleepy()}), so an idle pool costs little CPU (a sleeping worker still wakes
 * about 10 times a second); a loop that cannot sleep so (the result thread while a task runs) parks longer instead
 * ({@link #MAX_STRETCHED_PARK_NS}). {@link #reset()} after work restarts the spin.
 *
 * <p><b>Note:</b> not thread-safe: one per waiting loop.
 */
final class PoolIdler
{
    /** Longest park of {@link WaitStrategy#BACKOFF}: a parked worker wakes at least this often. */
    static final long MAX_PARK_NS = 500_000;
    /** Parked this long in a row, a {@link WaitStrategy#BACKOFF} loop may sleep deeper ({@link #sleepy()}). */
    static final long SLEEP_AFTER_NS = 20_000_000;
    /**
     * Longest park of a stretching wait ({@link #idle(boolean)}) once it has parked {@link #SLEEP_AFTER_NS} in a
     * row: each park is at most a 32nd of the time parked so far, up to this, so a wait is seen at most about 3 %
     * late, and a long wait wakes about 200 times a second rather than 2,000.
     */
    static final long MAX_STRETCHED_PARK_NS = 5_000_000;
    private static final int SPINS = 200;
    private static final int YIELDS = 50;
    private static final long MIN_PARK_NS = 1_000;

    private final WaitStrategy strategy;
    private int idles;
    private long parkNs = MIN_PARK_NS;
    private long parkedNs;

    PoolIdler(final WaitStrategy strategy)
    {
        this.strategy = strategy;
    }

    /** Work was found: the next wait starts spinning again. */
    void reset()
    {
        idles = 0;
        parkNs = MIN_PARK_NS;
        parkedNs = 0;
    }

    /**
     * Whether the wait has parked for {@link #SLEEP_AFTER_NS} in a row (only with {@link WaitStrategy#BACKOFF}):
     * the caller may now block until it is woken (a worker on its wake channel, the result thread until new work),
     * and {@link #reset()} when it wakes.
     *
     * @return true once idle that long.
     */
    boolean sleepy()
    {
        return parkedNs >= SLEEP_AFTER_NS;
    }

    /**
     * Whether the next {@link #idle()} would park (the caller may announce it, to be unparked).
     *
     * @return true once spinning and yielding are over.
     */
    boolean parksNext()
    {
        return strategy == WaitStrategy.BACKOFF && idles >= SPINS + YIELDS;
    }

    /** The next park's length (for tests). */
    long nextParkNanos()
    {
        return parkNs;
    }

    /** Wait once. */
    void idle()
    {
        idle(false);
    }

    /**
     * Wait once, with parks that may grow past {@link #MAX_PARK_NS} in a long wait ({@link #MAX_STRETCHED_PARK_NS}).
     *
     * @param stretch whether this wait may stretch: for a loop that cannot sleep until it is woken (the result
     *                thread while a task runs), where being seen a little late costs less than the wake-ups.
     */
    void idle(final boolean stretch)
    {
        if (strategy == WaitStrategy.SPIN || idles < SPINS)
        {
            idles++;
            Thread.onSpinWait();
        }
        else if (strategy == WaitStrategy.YIELD || idles < SPINS + YIELDS)
        {
            idles++;
            Thread.yield();
        }
        else
        {
            final long park = stretch ? parkNs : Math.min(parkNs, MAX_PARK_NS);
            LockSupport.parkNanos(park);
            parkedNs += park;
            final long max = stretch && parkedNs >= SLEEP_AFTER_NS ?
                Math.min(MAX_STRETCHED_PARK_NS, Math.max(MAX_PARK_NS, parkedNs >> 5)) : MAX_PARK_NS;
            parkNs = Math.min(parkNs << 1, max);
        }
    }
}
