package io.shmkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.shmkit.SharedDoubleArray;
import io.shmkit.ShmLock;
import io.shmkit.transform.ElementRange;
import io.shmkit.transform.Partition;
import io.shmkit.transform.TransformException;

/** What the transform tests with a killed worker check, whoever ran the worker (a fresh child, a pool worker). */
public final class TransformChecks
{
    private TransformChecks()
    {
    }

    /**
     * Check the report of a negate by two workers of an array holding {@code a[i] = i}, whose worker {@code victim}
     * was killed (SIGKILL) inside the stripe of element {@code trigger}, in partition 1, once the other worker had
     * finished partition 0: exactly that stripe is in doubt, nothing is untouched, every other element is negated;
     * then check that the dead worker's stripe lock is recovered (with {@code ownerDied}) and repair the stripe in
     * doubt to its original values under it.
     *
     * @param ex      the transform's exception.
     * @param victim  the killed worker's pid.
     * @param a       the array.
     * @param trigger the element the victim stopped at.
     * @return the range in doubt, now repaired.
     */
    public static ElementRange assertKilledInsideStripeAndRepair(
        final TransformException ex, final long victim, final SharedDoubleArray a, final long trigger)
    {
        final long n = a.length();
        final long stripe = a.stripeLength();
        final long doubtFrom = trigger / stripe * stripe;
        assertEquals(1, ex.failures().size(), ex.getMessage());
        final TransformException.Failure f = ex.failures().get(0);
        assertEquals(victim, f.pid(), ex.getMessage());
        assertEquals(137, f.exitCode(), "killed by SIGKILL: " + ex.getMessage());
        final ElementRange doubt = new ElementRange(doubtFrom, doubtFrom + stripe);
        assertEquals(doubt, f.inDoubt(), "the stripe being transformed is in doubt");
        assertEquals(List.of(doubt), ex.inDoubt());
        assertEquals(List.of(), ex.untouched(), "the other worker did the rest of partition 1");
        assertTrue(ex.getMessage().contains("partition 1 [" + n / 2 + ", " + n + ") did not finish: " + doubt +
            " may be half-done"), ex.getMessage());
        assertEquals(List.of(new Partition(0, 0, n / 2)), ex.completed());
        for (long i = 0; i < n; i++)
        {
            final double v = a.get(i);
            if (i >= doubtFrom && i < doubtFrom + stripe)
            {
                assertTrue(v == i || v == -i, "element " + i + " in the stripe in doubt is old or new: " + v);
            }
            else
            {
                assertEquals(-(double)i, v, "done element " + i);
            }
        }
        final ShmLock lock = a.stripeLock(a.stripeOf(doubtFrom));
        assertTrue(lock.tryLock(), "the dead worker's lock is recovered");
        try
        {
            assertTrue(lock.ownerDied(), "the next locker learns that the owner died");
            for (long i = doubtFrom; i < doubtFrom + stripe; i++)
            {
                a.set(i, i); // repair the stripe in doubt (here: known original values)
            }
        }
        finally
        {
            lock.unlock();
        }
        return doubt;
    }
}
