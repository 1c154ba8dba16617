package io.shmkit.queue;

import java.util.concurrent.locks.LockSupport;

/**
 * How a blocked {@code put} or {@code take} waits between attempts.
 *
 * <p><b>Note:</b> immutable and thread-safe; each wait makes its own {@link Idler}.
 */
public enum WaitStrategy
{
    /** Spin with {@link Thread#onSpinWait()}: lowest latency, a whole core while waiting. */
    SPIN,
    /** Spin briefly, then {@link Thread#yield()}: low latency, busy while waiting. */
    YIELD,
    /**
     * Spin briefly, then yield, then park with exponential back-off from 1 µs to 1 ms: the default; a blocked
     * thread costs little CPU and wakes within about a millisecond.
     */
    BACKOFF;

    private static final int SPINS = 100;
    private static final int YIELDS = 20;
    private static final long MIN_PARK_NS = 1_000;
    private static final long MAX_PARK_NS = 1_000_000;

    /**
     * A fresh idler for one wait.
     *
     * @return the idler.
     */
    Idler idler()
    {
        return new Idler(this);
    }

    /** The state of one wait. Not thread-safe: one per waiting call. */
    static final class Idler
    {
        private final WaitStrategy strategy;
        private int idles;
        private long parkNs = MIN_PARK_NS;

        Idler(final WaitStrategy strategy)
        {
            this.strategy = strategy;
        }

        /** Wait once. */
        void idle()
        {
            if (strategy == SPIN || idles < SPINS)
            {
                idles++;
                Thread.onSpinWait();
            }
            else if (strategy == YIELD || idles < SPINS + YIELDS)
            {
                idles++;
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(parkNs);
                parkNs = Math.min(parkNs << 1, MAX_PARK_NS);
            }
        }
    }
}
