package io.shmkit.transform;

import static io.shmkit.transform.TransformControl.IN_PROGRESS_OFFSET;
import static io.shmkit.transform.TransformControl.workerBase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;
import io.shmkit.transform.ElementRange;
import io.shmkit.transform.Partition;
import io.shmkit.transform.Transforms;
import io.shmkit.transform.WorkPlan;

/**
 * The transform's sharing of work ({@link WorkPlan}, {@code TransformWorker.runUnits}) with threads in place of
 * child processes: the same shared claim slots and control array, the same accesses. Checked against a model:
 * every element of the range is transformed exactly once, except in the unit where the operation throws (the
 * worker stops there, as a child does), which is reported as in doubt; the other workers finish everything
 * else, and a lone worker leaves the rest untouched.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class WorkSharingTest
{
    private static final ShmOptions RAW = ShmOptions.defaults().withLock(false);
    private static final long NO_TRIGGER = -1;
    private static ExecutorService pool;

    @BeforeAll
    static void startPool()
    {
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopPool() throws InterruptedException
    {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "workers ended");
    }

    /** x + 1, throwing at the element whose original value is {@code trigger}: a worker stops inside a unit. */
    private static LongUnaryOperator addOne(final long trigger)
    {
        return x ->
        {
            if (x == trigger)
            {
                throw new IllegalStateException("stop at " + x);
            }
            return x + 1;
        };
    }

    @Test
    void shouldTransformEveryElementOnceAndReportTheUnitWhereAWorkerStopped()
    {
        qt().withExamples(150).withShrinkCycles(100)
            .forAll(integers().between(1, 20_000), integers().between(0, 6), integers().between(1, 4),
                integers().between(-1, 20_000))
            .checkAssert((length, stripes, workers, trigger) ->
                check(length, stripes == 0 ? 0 : 1 << (stripes - 1), workers, length / 7, length - length / 5,
                    trigger));
    }

    private static long untouchedLength(final List<ElementRange> ranges)
    {
        long n = 0;
        for (final ElementRange r : ranges)
        {
            n += r.length();
        }
        return n;
    }

    @Test
    void shouldShareTheRunsOfAnArrayWithoutLocks()
    {
        check(50_000, 0, 3, 0, 50_000, NO_TRIGGER);
        check(50_000, 0, 3, 123, 45_678, 30_001);
        check(50_000, 0, 1, 4_095, 40_000, 20_000);
    }

    /**
     * Transform {@code [from, to)} of a {@code 'q'} array holding {@code 0, 1, 2, ...} with {@code x + 1} by
     * {@code workers} threads started together; the element {@code trigger} (when in the range) throws.
     *
     * @param stripes 0 for an array without locks.
     */
    private static void check(
        final int length, final int stripes, final int workers, final long from, final long to, final long trigger)
    {
        final ShmOptions options = stripes == 0 ? RAW : ShmOptions.defaults().withStripes(stripes);
        try (SharedLongArray array = SharedLongArray.create(ShmLeakCheck.name("array"), 'q', length, options))
        {
            array.unlink();
            for (int i = 0; i < length; i++)
            {
                array.set(i, i);
            }
            final List<Partition> parts = Transforms.partitions(array, from, to, workers);
            if (parts.isEmpty())
            {
                return;
            }
            final WorkPlan plan = WorkPlan.of(array, from, to, workers);
            assertEquals(parts, plan.partitions(), "the plan's partitions are those of Transforms.partitions");
            final Run run = Run.of(array, plan, trigger);
            try
            {
                final boolean triggered = trigger >= from && trigger < to;
                assertEquals(triggered ? 1 : 0, run.failed, "workers that stopped");

                final long[] expected = new long[length];
                final List<ElementRange> doubt = new ArrayList<>();
                final List<ElementRange> untouched = new ArrayList<>();
                long transformedTo = to;
                long skipFrom = to;
                if (triggered)
                {
                    final long k = plan.unitOf(trigger);
                    doubt.add(new ElementRange(plan.start(k), plan.end(k)));
                    transformedTo = trigger;
                    skipFrom = plan.end(k);
                    if (parts.size() == 1 && skipFrom < to)
                    {
                        untouched.add(new ElementRange(skipFrom, to)); // nobody is left to do the rest
                    }
                }
                for (int i = 0; i < length; i++)
                {
                    final boolean done = i >= from && i < to && (i < transformedTo ||
                        (i >= skipFrom && parts.size() > 1));
                    expected[i] = done ? i + 1 : i;
                }
                final WorkPlan.Leftovers left = plan.leftovers(run.claims, run.control);
                final String what = "length " + length + ", stripes " + stripes + ", " + parts + ", trigger " +
                    trigger;
                assertArrayEquals(expected, array.toArray(), what);
                assertEquals(doubt, left.inDoubt().stream().map(WorkPlan.InDoubt::range).collect(Collectors.toList()),
                    what);
                assertEquals(untouched, left.untouched(), what);
                assertEquals(!triggered, left.allDone(), what);
                // progress counts every unit done, also those of the worker that stopped
                long doneElements = 0;
                for (int k = 0; k < plan.units(); k++)
                {
                    doneElements += run.claims.get(k) < 0 ? plan.end(k) - plan.start(k) : 0;
                }
                assertEquals(triggered ? (to - from) - doubt.get(0).length() - untouchedLength(untouched) : to - from,
                    doneElements, "units done, " + what);
                assertEquals(doneElements, run.progress.get(), "progress, " + what);
                for (final Partition p : parts)
                {
                    final boolean holdsTrigger = triggered && trigger >= p.from() && trigger < p.to();
                    assertEquals(!holdsTrigger, left.partitionDone()[p.index()], p + ", " + what);
                }
            }
            finally
            {
                run.close();
            }
        }
    }

    @Test
    void shouldLetOneWorkerDoEveryPartitionWhenTheOthersComeLate() throws Exception
    {
        try (SharedLongArray array = SharedLongArray.create(ShmLeakCheck.name("array"), 'q', 1_000,
            ShmOptions.defaults().withStripes(16)))
        {
            array.unlink();
            final WorkPlan plan = WorkPlan.of(array, 0, 1_000, 3);
            try (Run run = Run.empty(plan))
            {
                run.work(array, 0, addOne(NO_TRIGGER)); // workers 1 and 2 have not started yet
                run.work(array, 1, addOne(NO_TRIGGER));
                run.work(array, 2, addOne(NO_TRIGGER));

                for (long k = 0; k < plan.units(); k++)
                {
                    assertEquals(WorkPlan.done(0), run.claims.get(k), "unit " + k + " done by worker 0");
                }
                for (int i = 0; i < 1_000; i++)
                {
                    assertEquals(1, array.get(i), "element " + i + " transformed once");
                }
                assertEquals(1_000, run.progress.get());
            }
        }
    }

    /** 10 units of 10 elements; partitions [0, 50) (units 0 to 4) and [50, 100) (units 5 to 9). */
    private static WorkPlan tenUnitsInTwoPartitions()
    {
        return new WorkPlan(List.of(new Partition(0, 0, 50), new Partition(1, 50, 100)), 10);
    }

    @Test
    void shouldLeaveAPartitionWhereItsOwnerIsStillWorking()
    {
        // worker 0 is inside unit 2
        final WorkPlan plan = tenUnitsInTwoPartitions();
        try (SharedLongArray array = SharedLongArray.create(ShmLeakCheck.name("array"), 'q', 100, RAW);
            Run run = Run.empty(plan))
        {
            array.unlink();
            run.claims.set(0, WorkPlan.done(0));
            run.claims.set(1, WorkPlan.done(0));
            run.claims.set(2, WorkPlan.claimed(0));

            run.work(array, 1, addOne(NO_TRIGGER));

            final long[] expected = {WorkPlan.done(0), WorkPlan.done(0), WorkPlan.claimed(0), WorkPlan.done(1),
                WorkPlan.done(1), WorkPlan.done(1), WorkPlan.done(1), WorkPlan.done(1), WorkPlan.done(1),
                WorkPlan.done(1)};
            assertArrayEquals(expected, run.claims.toArray(), "worker 1 took units 4 and 3 and left at unit 2");
            for (int i = 0; i < 100; i++)
            {
                assertEquals(i < 30 ? 0 : 1, array.get(i), "element " + i);
            }
        }
    }

    @Test
    void shouldStopClaimingItsOwnUnitsWhereAThiefHasBeen()
    {
        // worker 1 has taken units 4 and 3 of partition 0 (from the top down); worker 0 starts late
        final WorkPlan plan = tenUnitsInTwoPartitions();
        try (SharedLongArray array = SharedLongArray.create(ShmLeakCheck.name("array"), 'q', 100, RAW);
            Run run = Run.empty(plan))
        {
            array.unlink();
            run.claims.set(4, WorkPlan.done(1));
            run.claims.set(3, WorkPlan.done(1));

            run.work(array, 0, addOne(NO_TRIGGER));

            final long[] expected = {WorkPlan.done(0), WorkPlan.done(0), WorkPlan.done(0), WorkPlan.done(1),
                WorkPlan.done(1), WorkPlan.done(0), WorkPlan.done(0), WorkPlan.done(0), WorkPlan.done(0),
                WorkPlan.done(0)};
            assertArrayEquals(expected, run.claims.toArray(),
                "worker 0 took units 0 to 2, stopped at the thief's, then took all of partition 1");
            for (int i = 0; i < 100; i++)
            {
                assertEquals(i >= 30 && i < 50 ? 0 : 1, array.get(i), "element " + i);
            }
            assertEquals(80, run.progress.get());
        }
    }

    @Test
    void shouldTellUnitsInDoubtFromUnitsClaimedButNotStarted()
    {
        final WorkPlan plan = tenUnitsInTwoPartitions();
        try (Run run = Run.empty(plan))
        {
            for (long k = 0; k < 10; k++)
            {
                run.claims.set(k, WorkPlan.done(0));
            }
            run.claims.set(3, WorkPlan.claimed(0)); // worker 0 stopped inside unit 3
            run.control.set(workerBase(0) + IN_PROGRESS_OFFSET, 30);
            run.claims.set(6, WorkPlan.claimed(1)); // worker 1 claimed unit 6 and died before publishing it
            run.claims.set(7, WorkPlan.FREE);
            run.claims.set(9, WorkPlan.FREE);

            final WorkPlan.Leftovers left = plan.leftovers(run.claims, run.control);

            assertEquals(List.of(new WorkPlan.InDoubt(0, new ElementRange(30, 40))), left.inDoubt());
            assertEquals(new ElementRange(30, 40), left.stoppedIn(0));
            assertEquals(null, left.stoppedIn(1), "worker 1 stopped before publishing its unit");
            assertEquals(List.of(new ElementRange(60, 80), new ElementRange(90, 100)), left.untouched());
            assertFalse(left.partitionDone()[0]);
            assertFalse(left.partitionDone()[1]);
            assertFalse(left.allDone());
        }
    }

    @Test
    void shouldRefuseMoreUnitsThanAnIntCounts()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new WorkPlan(List.of(new Partition(0, 0, 1L << 31)), 1));
        assertTrue(ex.getMessage().contains("would share out 2147483648 runs of 1 elements"), ex.getMessage());
        assertEquals(Integer.MAX_VALUE, new WorkPlan(List.of(new Partition(0, 0, Integer.MAX_VALUE)), 1).units());
    }

    @Test
    void shouldNumberUnitsFromAnUnalignedStart()
    {
        final WorkPlan plan = new WorkPlan(List.of(new Partition(0, 7, 20), new Partition(1, 20, 33)), 10);

        assertEquals(4, plan.units());
        assertEquals(0, plan.first(0));
        assertEquals(2, plan.first(1));
        assertEquals(7, plan.start(0));
        assertEquals(10, plan.end(0));
        assertEquals(30, plan.start(3));
        assertEquals(33, plan.end(3));
        assertEquals(1, plan.unitOf(19));
    }

    /** The shared state of one transform, and its workers run as threads. */
    private static final class Run implements AutoCloseable
    {
        final WorkPlan plan;
        final TransformControl shared;
        final SharedLongArray control;
        final SharedLongArray claims;
        final SharedLong progress;
        int failed;

        private Run(final WorkPlan plan)
        {
            this.plan = plan;
            shared = TransformControl.create(ShmLeakCheck.name("xf"), plan.workers(), plan.units(), RAW);
            control = shared.control();
            claims = shared.claims();
            progress = shared.progress();
        }

        static Run empty(final WorkPlan plan)
        {
            return new Run(plan);
        }

        /** Every worker on a thread of its own, started together; returns once all have ended. */
        static Run of(final SharedLongArray array, final WorkPlan plan, final long trigger)
        {
            final Run run = new Run(plan);
            final CyclicBarrier start = new CyclicBarrier(plan.workers());
            final List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < plan.workers(); w++)
            {
                final int worker = w;
                workers.add(pool.submit(() ->
                {
                    start.await(60, TimeUnit.SECONDS);
                    run.work(array, worker, addOne(trigger));
                    return null;
                }));
            }
            for (final Future<?> f : workers)
            {
                try
                {
                    f.get(60, TimeUnit.SECONDS);
                }
                catch (final java.util.concurrent.ExecutionException ex)
                {
                    if (!(ex.getCause() instanceof IllegalStateException))
                    {
                        throw new AssertionError("worker failed", ex);
                    }
                    run.failed++;
                }
                catch (final Exception ex)
                {
                    throw new AssertionError("worker did not end", ex);
                }
            }
            return run;
        }

        void work(final SharedLongArray array, final int worker, final LongUnaryOperator op)
        {
            TransformWorker.runUnits(array, control, claims, progress, worker, plan, false, null, op, 64, null);
        }

        @Override
        public void close()
        {
            shared.close();
        }
    }
}
