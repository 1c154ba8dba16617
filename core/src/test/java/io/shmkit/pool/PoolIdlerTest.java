package io.shmkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.shmkit.queue.WaitStrategy;

/** How long the pool's waits park: bounded at 0.5 ms, and stretched for a long wait of the result thread. */
class PoolIdlerTest
{
    /** Idles until the idler has parked at least {@code nanos} in a row; returns the longest park it chose. */
    private static long idleFor(final PoolIdler idler, final long nanos)
    {
        long longest = 0;
        final long start = System.nanoTime();
        while (System.nanoTime() - start < nanos || !idler.sleepy())
        {
            idler.idle();
            longest = Math.max(longest, idler.nextParkNanos());
        }
        return longest;
    }

    @Test
    void aPlainWaitShouldNeverParkLongerThanHalfAMillisecond()
    {
        final PoolIdler idler = new PoolIdler(WaitStrategy.BACKOFF);
        assertEquals(PoolIdler.MAX_PARK_NS, idleFor(idler, 200_000_000L), "capped however long the wait");
    }

    @Test
    void aStretchingWaitShouldParkLongerOnlyAfterItsFirstTwentyMillisecondsAndAtMostFive()
    {
        final PoolIdler idler = new PoolIdler(WaitStrategy.BACKOFF, true);
        long longest = 0;
        while (!idler.sleepy())
        {
            longest = Math.max(longest, idler.nextParkNanos()); // the park it is about to take
            idler.idle();
        }
        assertTrue(longest <= PoolIdler.MAX_PARK_NS, "no park stretched in the first 20 ms: " + longest);
        assertEquals(PoolIdler.MAX_STRETCHED_PARK_NS, idleFor(idler, 200_000_000L),
            "stretched to the cap once it has waited 32 times the cap");
        idler.reset();
        assertFalse(idler.sleepy());
        assertTrue(idler.nextParkNanos() < PoolIdler.MAX_PARK_NS, "work found: short parks again");
    }
}
