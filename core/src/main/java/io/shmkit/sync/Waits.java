package io.shmkit.sync;

import io.shmkit.internal.lock.Idle;
import io.shmkit.internal.lock.RobustLock;

/**
 * The waiting loop shared by the primitives: poll a condition on shared words, idling between polls (spin, yield,
 * park up to {@link Idle#SIGNAL_MAX_PARK_NS}, after {@link Idle#SIGNAL_RELAX_AFTER_NS} up to
 * {@link Idle#MAX_PARK_NS}), with a slow check after the spin phase and then at most every
 * {@link RobustLock#LIVENESS_CHECK_INTERVAL_NS} (the place for {@code /proc} reads: dead holders, dead parties).
 * A handle opened with {@link io.shmkit.segment.WaitMode#SPIN} spins instead ({@link Idle#spinning()}).
 */
final class Waits
{
    /** What a wait polls. */
    @FunctionalInterface
    interface Poll<E extends Exception>
    {
        /**
         * Whether the wait is over.
         *
         * @param slow whether this poll may do the slow checks.
         * @return true to stop waiting.
         * @throws E to end the wait with an exception.
         */
        boolean ready(boolean slow) throws E;
    }

    private Waits()
    {
    }

    /**
     * Wait until {@code poll} is ready or {@code timeoutNs} is spent ({@link Long#MAX_VALUE}: no bound). The poll
     * runs at least once; the first slow poll comes after the spin phase, then one at most every 5 ms, and a wait
     * that times out before any slow poll makes one first (so even a zero timeout looks for a dead holder once).
     *
     * @return true if ready, false if timed out.
     * @throws InterruptedException if interrupted while waiting (the flag is cleared).
     * @throws E                    what the poll throws.
     */
    static <E extends Exception> boolean await(final SyncSegment segment, final long timeoutNs, final Poll<E> poll)
        throws InterruptedException, E
    {
        final long start = System.nanoTime();
        long nextSlow = start;
        boolean slowDone = false;
        if (poll.ready(false))
        {
            return true;
        }
        final Idle idle = Idle.of(segment.spins(), Idle.SIGNAL_MAX_PARK_NS);
        while (true)
        {
            final long waited = System.nanoTime() - start;
            if (waited >= timeoutNs)
            {
                return !slowDone && poll.ready(true);
            }
            if (waited >= Idle.SIGNAL_RELAX_AFTER_NS)
            {
                idle.relax(Idle.MAX_PARK_NS);
            }
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while waiting on '" + segment.name() + "'");
            }
            idle.idle(timeoutNs == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNs - waited);
            segment.checkOpen();
            final long now = System.nanoTime();
            final boolean slow = idle.spunOut() && now - nextSlow >= 0;
            if (slow)
            {
                nextSlow = now + RobustLock.LIVENESS_CHECK_INTERVAL_NS;
                slowDone = true;
            }
            if (poll.ready(slow))
            {
                return true;
            }
        }
    }
}
