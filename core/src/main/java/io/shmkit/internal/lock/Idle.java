package io.shmkit.internal.lock;

import java.util.concurrent.locks.LockSupport;

/**
 * One waiter's idling between checks of a word in shared memory: {@link #SPINS} busy spins
 * ({@link Thread#onSpinWait()}), then {@link #YIELDS} {@link Thread#yield()}s, then parking from 1 µs, doubling to
 * {@code maxParkNs} (never past a deadline). A {@link #spinning()} idler spins for good, yielding every
 * {@link #SPIN_YIELD_EVERY} idles so that a process it waits for gets a core even when every core has a spinner. A
 * fresh instance per wait; not thread-safe.
 */
public final class Idle
{
    /** Busy spins before the first yield. */
    public static final int SPINS = 100;
    /** Yields before the first park. */
    public static final int YIELDS = 20;
    /** First park. */
    public static final long MIN_PARK_NS = 1_000;
    /** Longest park of a lock waiter. */
    public static final long MAX_PARK_NS = 1_000_000;
    /**
     * Longest park of a waiter for an event, a condition, a semaphore's permits or a barrier during the first
     * {@link #SIGNAL_RELAX_AFTER_NS} of its wait: what bounds the wake-up latency of a short wait.
     */
    public static final long SIGNAL_MAX_PARK_NS = 100_000;
    /** After waiting this long, such a waiter parks up to {@link #MAX_PARK_NS}, to save idle CPU. */
    public static final long SIGNAL_RELAX_AFTER_NS = 50_000_000;
    /** A spinning idler yields once every this many idles. */
    public static final int SPIN_YIELD_EVERY = 64;

    private final boolean spin;
    private int spins;
    private long maxParkNs;
    private int idles;
    private long parkNs = MIN_PARK_NS;

    /**
     * An idler that parks at most {@code maxParkNs} at a time.
     *
     * @param maxParkNs longest single park.
     */
    public Idle(final long maxParkNs)
    {
        this(maxParkNs, false);
    }

    private Idle(final long maxParkNs, final boolean spin)
    {
        this.maxParkNs = maxParkNs;
        this.spin = spin;
    }

    /**
     * An idler that never parks (see the class comment).
     *
     * @return the idler.
     */
    public static Idle spinning()
    {
        return new Idle(0, true);
    }

    /**
     * An idler for a waiter in {@code io.shmkit.segment.WaitMode#SPIN} if {@code spin}, else a backing-off one.
     *
     * @param spin      whether to spin.
     * @param maxParkNs longest single park of a backing-off idler.
     * @return the idler.
     */
    public static Idle of(final boolean spin, final long maxParkNs)
    {
        return spin ? spinning() : new Idle(maxParkNs);
    }

    /**
     * Whether the spin phase is over.
     *
     * @return true once {@link #SPINS} idles were spins.
     */
    public boolean spunOut()
    {
        return idles >= SPINS;
    }

    /**
     * Idle once: spin, yield or park, by phase.
     *
     * @param remainingNs time left until the caller's deadline ({@link Long#MAX_VALUE} for none).
     */
    public void idle(final long remainingNs)
    {
        if (spin)
        {
            idles = Math.min(idles + 1, SPINS); // spunOut() turns true, for the waiters' periodic slow checks
            if (++spins == SPIN_YIELD_EVERY)
            {
                spins = 0;
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        else if (idles < SPINS)
        {
            idles++;
            Thread.onSpinWait();
        }
        else if (idles < SPINS + YIELDS)
        {
            idles++;
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(Math.max(1, Math.min(parkNs, remainingNs)));
            parkNs = Math.min(parkNs << 1, maxParkNs);
        }
    }

    /**
     * Cap parks at {@code capNs} from now on (a waiter that expects its turn soon).
     *
     * @param capNs the new longest park.
     */
    public void hurry(final long capNs)
    {
        maxParkNs = Math.min(maxParkNs, capNs);
        parkNs = Math.min(parkNs, capNs);
    }

    /**
     * Allow parks of up to {@code capNs} from now on (a waiter that has waited long, to save idle CPU).
     *
     * @param capNs the new longest park.
     */
    public void relax(final long capNs)
    {
        maxParkNs = Math.max(maxParkNs, capNs);
    }

    /** Start again from the spin phase (the watched word changed). */
    public void reset()
    {
        idles = 0;
        parkNs = MIN_PARK_NS;
    }
}
