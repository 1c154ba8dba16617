package io.shmkit.transform;

import static io.shmkit.transform.TransformControl.IN_PROGRESS_OFFSET;
import static io.shmkit.transform.TransformControl.workerBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * The stop flag of a caller's part ({@link CallerPart}) in the unit loop: it ends the unit it is inside, claims no
 * more, and leaves a stripe lock it waits for, so that a stopped caller's part never writes after it has ended.
 */
@Timeout(60)
@ExtendWith(ShmLeakCheck.class)
class CallerStopTest
{
    private static final ShmOptions RAW = ShmOptions.defaults().withLock(false);
    /** 10 units of 10 elements; partitions [0, 50) (units 0 to 4) and [50, 100) (units 5 to 9). */
    private static final WorkPlan PLAN =
        new WorkPlan(List.of(new Partition(0, 0, 50), new Partition(1, 50, 100)), 10);

    @Test
    void shouldClaimNothingWhenStoppedBeforeItStarts()
    {
        try (SharedLongArray array = array(100, RAW); TransformControl shared = control())
        {
            final AtomicBoolean stop = new AtomicBoolean(true);
            assertThrows(CancellationException.class, () -> run(array, shared, 1, op -> op + 1, stop));
            for (int k = 0; k < PLAN.units(); k++)
            {
                assertEquals(WorkPlan.FREE, shared.claims().get(k), "unit " + k);
            }
            assertEquals(0, shared.progress().get());
        }
    }

    @Test
    void shouldEndTheUnitItIsInsideAndClaimNoMore()
    {
        try (SharedLongArray array = array(100, RAW); TransformControl shared = control())
        {
            final AtomicBoolean stop = new AtomicBoolean();
            // the stop comes while worker 1 transforms element 72, in its third unit
            final LongUnaryOperator op = v ->
            {
                if (v == 72)
                {
                    stop.set(true);
                }
                return -v;
            };
            assertThrows(CancellationException.class, () -> run(array, shared, 1, op, stop));

            for (int k = 0; k < PLAN.units(); k++)
            {
                assertEquals(k >= 5 && k <= 7 ? WorkPlan.done(1) : WorkPlan.FREE, shared.claims().get(k),
                    "unit " + k);
            }
            for (int i = 0; i < 100; i++)
            {
                assertEquals(i >= 50 && i < 80 ? -i : i, array.get(i), "element " + i);
            }
            assertEquals(30, shared.progress().get(), "the units done are counted");
            assertEquals(TransformControl.NONE, shared.control().get(workerBase(1) + IN_PROGRESS_OFFSET),
                "no unit in doubt");
        }
    }

    @Test
    void shouldLeaveAStripeLockItWaitsForWhenStopped() throws Exception
    {
        try (SharedLongArray array = array(160, ShmOptions.defaults().withStripes(16)))
        {
            final WorkPlan plan = WorkPlan.of(array, 0, 160, 2);
            final int unit = plan.first(1); // worker 1's first unit
            try (TransformControl shared = TransformControl.create(ShmLeakCheck.name("xf"), 2, plan.units(), RAW))
            {
                final ShmLock held = array.stripeLock(array.stripeOf(plan.start(unit)));
                held.lock();
                try
                {
                    final AtomicBoolean stop = new AtomicBoolean();
                    final CompletableFuture<Void> worker = CompletableFuture.runAsync(() ->
                        TransformWorker.runUnits(array, shared.control(), shared.claims(), shared.progress(), 1, plan,
                            false, null, v -> -v, 1, stop));
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (shared.claims().get(unit) != WorkPlan.claimed(1))
                    {
                        assertTrue(System.nanoTime() < deadline, () -> "worker 1 to claim unit " + unit + ": " +
                            shared.claims().get(unit));
                        Thread.sleep(1); // a bounded poll of shared state
                    }
                    stop.set(true);

                    final ExecutionException ex = assertThrows(ExecutionException.class,
                        () -> worker.get(30, TimeUnit.SECONDS));
                    assertTrue(ex.getCause() instanceof CancellationException, ex.toString());
                    assertEquals(WorkPlan.claimed(1), shared.claims().get(unit), "claimed, not started");
                    assertEquals(TransformControl.NONE, shared.control().get(workerBase(1) + IN_PROGRESS_OFFSET));
                    for (int i = 0; i < 160; i++)
                    {
                        assertEquals(i, array.get(i), "element " + i + " untouched");
                    }
                }
                finally
                {
                    held.unlock();
                }
            }
        }
    }

    private static SharedLongArray array(final int length, final ShmOptions options)
    {
        final SharedLongArray array = SharedLongArray.create(ShmLeakCheck.name("stop"), 'q', length, options);
        array.unlink();
        for (int i = 0; i < length; i++)
        {
            array.set(i, i);
        }
        return array;
    }

    private static TransformControl control()
    {
        return TransformControl.create(ShmLeakCheck.name("xf"), PLAN.workers(), PLAN.units(), RAW);
    }

    private static void run(
        final SharedLongArray array, final TransformControl shared, final int worker, final LongUnaryOperator op,
        final AtomicBoolean stop)
    {
        TransformWorker.runUnits(array, shared.control(), shared.claims(), shared.progress(), worker, PLAN, false,
            null, op, 1, stop);
    }
}
