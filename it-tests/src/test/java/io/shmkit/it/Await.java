package io.shmkit.it;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting for a condition that another process makes true (a flag or counter in a segment), parking
 * between checks so the waiter never starves the process it waits for.
 */
public final class Await
{
    private Await()
    {
    }

    /**
     * Wait until {@code condition} holds.
     *
     * @param seconds   bound.
     * @param condition what to wait for.
     * @param what      describes the wait for the failure message.
     * @throws AssertionError if the bound elapses.
     */
    public static void until(final long seconds, final BooleanSupplier condition, final Supplier<String> what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long park = 10_000;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what.get());
            }
            LockSupport.parkNanos(park);
            park = Math.min(park * 2, 5_000_000);
        }
    }
}
