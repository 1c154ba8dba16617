package io.shmkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.shmkit.queue.WaitStrategy;

/** How long the pool's waits park: bounded at 0.5 ms, and stretched for a long wait of the result thread. */
class PoolIdlerTest
{
    /** A generous bound on the waits below (each ends after about 200 ms of parks, more on a slow machine). */
    private static final long BOUND_NS = TimeUnit.SECONDS.toNanos(30);

    /**
     * Idles (stretching or not) until the idler has chosen {@code cap} as its next park or has parked 200 ms in a
     * row, within {@link #BOUND_NS}; returns the longest park it chose.
     */
    private static long idleUntil(final PoolIdler idler, final boolean stretch, final long cap)
    {
        long longest = 0;
        long parks = 0;
        final long start = System.nanoTime();
        while (idler.nextParkNanos() != cap && System.nanoTime() - start < BOUND_NS)
        {
            parks += idler.nextParkNanos();
            idler.idle(stretch);
            longest = Math.max(longest, idler.nextParkNanos());
            if (!stretch && parks >= 200_000_000L)
            {
                break;
            }
        }
        return Math.max(longest, idler.nextParkNanos());
    }

    @Test
    void aPlainWaitShouldNeverParkLongerThanHalfAMillisecond()
    {
        final PoolIdler idler = new PoolIdler(WaitStrategy.BACKOFF);
        assertEquals(PoolIdler.MAX_PARK_NS, idleUntil(idler, false, -1), "capped however long the wait");
    }

    @Test
    void aStretchingWaitShouldParkLongerOnlyAfterItsFirstTwentyMillisecondsAndAtMostFive()
    {
        final PoolIdler idler = new PoolIdler(WaitStrategy.BACKOFF);
        long longest = 0;
        while (!idler.sleepy())
        {
            longest = Math.max(longest, idler.nextParkNanos()); // the park it is about to take
            idler.idle(true);
        }
        assertTrue(longest <= PoolIdler.MAX_PARK_NS, "no park stretched in the first 20 ms: " + longest);
        assertEquals(PoolIdler.MAX_STRETCHED_PARK_NS,
            idleUntil(idler, true, PoolIdler.MAX_STRETCHED_PARK_NS), "stretched up to the cap, not past it");
        idler.idle(false);
        assertEquals(PoolIdler.MAX_PARK_NS, idler.nextParkNanos(), "a wait that may not stretch is capped again");
        idler.reset();
        assertFalse(idler.sleepy());
        assertTrue(idler.nextParkNanos() < PoolIdler.MAX_PARK_NS, "work found: short parks again");
    }
}
