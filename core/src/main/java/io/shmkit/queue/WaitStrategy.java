package io.shmkit.queue;

import java.util.concurrent.locks.LockSupport;

/**
 * How a blocked {@code put} or {@code take} waits between attempts.
 *
 * <p><b>Throws:</b> nothing: constants only.
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
     * Spin briefly, then yield, then park with exponential back-off from 1 µs to 1 ms, and to 4 ms once the wait has
     * lasted about a tenth of a second: the default; a blocked thread costs little CPU and wakes within about a
     * millisecond while traffic is recent, within about 4 ms after a long idle spell.
     */
    BACKOFF;

    private static final int SPINS = 100;
    private static final int YIELDS = 20;
    private static final long MIN_PARK_NS = 1_000;
    private static final long MAX_PARK_NS = 1_000_000;
    private static final long IDLE_PARK_NS = 4_000_000;
    /** Parks at the 1 ms cap (about 0.1 s) before the longer cap applies. */
    private static final int PARKS_BEFORE_IDLE = 100;

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
                if (parkNs < MAX_PARK_NS)
                {
                    parkNs = Math.min(parkNs << 1, MAX_PARK_NS);
                }
                else if (++idles - SPINS - YIELDS >= PARKS_BEFORE_IDLE)
                {
                    // NOTE: a long idle spell: fewer wake-ups (each costs a timer and a look at the queue), bounded
                    parkNs = IDLE_PARK_NS;
                }
            }
        }
    }
}
