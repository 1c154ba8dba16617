package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLong;
import io.shmkit.codec.Codecs;
import io.shmkit.collection.RecordCodec;
import io.shmkit.collection.SharedList;
import io.shmkit.it.Await;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolTaskException;
import io.shmkit.test.ShmLeakCheck;

/**
 * The ExecutorService contract, the pool's lifecycle, {@code maxTasksPerWorker}, the initializer and Python's
 * early-stop example, on real worker JVMs; each test checks that no process and no segment is left.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class PoolLifecycleTest
{
    private static final long BOUND_S = 60;

    private static List<ProcessHandle> children()
    {
        return ProcessHandle.current().children().collect(Collectors.toList());
    }

    @Test
    void shutdownShouldRunAcceptedWorkThenEnd() throws Exception
    {
        final AtomicLong lastCompleted = new AtomicLong();
        final AtomicLong calls = new AtomicLong();
        final Pool pool = Pool.builder().workers(2).name(PoolFixture.name("shutdown")).progress((done, submitted) ->
        {
            calls.incrementAndGet();
            lastCompleted.accumulateAndGet(done, Math::max);
        }).start();
        final List<ProcessHandle> workers = children();
        final List<CompletableFuture<Long>> accepted = new ArrayList<>();
        for (long i = 0; i < 200; i++)
        {
            accepted.add(pool.applyAsync(PoolTasks.Square.class, i));
        }
        pool.shutdown();
        assertTrue(pool.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> pool.applyAsync(PoolTasks.Square.class, 1L));
        assertTrue(pool.awaitTermination(BOUND_S, TimeUnit.SECONDS), "terminated after the accepted work");
        assertTrue(pool.isTerminated());
        for (int i = 0; i < accepted.size(); i++)
        {
            assertEquals(PoolTasks.Square.of((long)i), accepted.get(i).getNow(null), "accepted task " + i + " ran");
        }
        assertTrue(pool.join(Duration.ofSeconds(BOUND_S)), "ended");
        assertEquals(200, calls.get(), "the progress listener was told of every task");
        assertEquals(200, lastCompleted.get());
        assertEquals(200, pool.completedTasks());
        assertEquals(200, pool.submittedTasks());
        PoolFixture.assertNothingLeft(pool, workers);
    }

    @Test
    void terminateShouldCancelRunningTasksAndLeaveNoProcess() throws Exception
    {
        final Pool pool = Pool.builder().workers(2).name(PoolFixture.name("terminate")).start();
        final List<ProcessHandle> workers = children();
        try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("flag"), 'q', 0))
        {
            final CompletableFuture<Long> hung = pool.applyAsync(PoolTasks.Hang.class, flag.name());
            Await.until(BOUND_S, () -> flag.get() > 0, () -> "the task to start");
            assertEquals(List.of(), pool.shutdownNow());
            assertTrue(pool.isTerminated(), "terminated when shutdownNow returns");
            assertThrows(CancellationException.class, () -> hung.get(BOUND_S, TimeUnit.SECONDS));
            assertFalse(ProcessHandle.of(flag.get()).map(ProcessHandle::isAlive).orElse(false),
                "the worker running the task is gone");
            assertTrue(pool.awaitTermination(0, TimeUnit.SECONDS));
            flag.unlink();
        }
        PoolFixture.assertNothingLeft(pool, workers);
    }

    @Test
    void shouldInvokeAllAndAnyAndRejectCodeOfThisJvm() throws Exception
    {
        final Pool pool = Pool.builder().workers(2).name(PoolFixture.name("invoke")).start();
        try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("flag"), 'q', 0))
        {
            final List<Callable<Long>> calls = new ArrayList<>();
            for (long i = 0; i < 10; i++)
            {
                calls.add(Pool.call(PoolTasks.Square.class, i));
            }
            final List<Future<Long>> all = pool.invokeAll(calls);
            for (int i = 0; i < all.size(); i++)
            {
                assertTrue(all.get(i).isDone());
                assertEquals(PoolTasks.Square.of((long)i), all.get(i).get(BOUND_S, TimeUnit.SECONDS));
            }
            final List<Future<Long>> timed = pool.invokeAll(
                List.of(Pool.call(PoolTasks.Square.class, 2L), Pool.call(PoolTasks.Hang.class, flag.name())),
                1, TimeUnit.SECONDS);
            assertEquals(5L, timed.get(0).get(BOUND_S, TimeUnit.SECONDS));
            assertTrue(timed.get(1).isCancelled(), "the task not done in time is cancelled");
            flag.set(-1); // let the hung task end
            final Long any = pool.invokeAny(List.of(Pool.call(PoolTasks.Fail.class, 1L),
                Pool.call(PoolTasks.Square.class, 3L)));
            assertEquals(10L, any);
            final ExecutionException none = assertThrows(ExecutionException.class, () -> pool.invokeAny(
                List.of(Pool.call(PoolTasks.Fail.class, 1L), Pool.call(PoolTasks.Fail.class, 2L))));
            assertInstanceOf(PoolTaskException.class, none.getCause());
            assertEquals(50L, pool.submit(Pool.call(PoolTasks.Square.class, 7L)).get(BOUND_S, TimeUnit.SECONDS));
            final RejectedExecutionException local = assertThrows(RejectedExecutionException.class,
                () -> pool.submit(() -> 1L));
            assertTrue(local.getMessage().contains("cannot cross"), local.getMessage());
            assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
            assertThrows(RejectedExecutionException.class, () -> pool.invokeAll(List.of(() -> 1L)));
            flag.unlink();
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }

    @Test
    void shouldReplaceAWorkerAfterMaxTasks() throws Exception
    {
        final Pool pool = Pool.builder().workers(1).maxTasksPerWorker(3).name(PoolFixture.name("maxtasks")).start();
        try
        {
            final List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 7; i++)
            {
                pids.add(pool.applyAsync(PoolTasks.Pid.class, 0L).get(BOUND_S, TimeUnit.SECONDS));
            }
            assertEquals(3, new HashSet<>(pids).size(), "three workers served 7 tasks: " + pids);
            assertEquals(pids.get(0), pids.get(2));
            assertNotEquals(pids.get(2), pids.get(3));
            assertEquals(pids.get(3), pids.get(5));
            assertNotEquals(pids.get(5), pids.get(6));
            final List<Long> xs = new ArrayList<>();
            for (long i = 0; i < 8; i++)
            {
                xs.add(i);
            }
            assertEquals(List.of(1L, 2L, 5L, 10L, 17L, 26L, 37L, 50L), pool.map(PoolTasks.Square.class, xs, 1),
                "one-element chunks over retiring workers");
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }

    @Test
    void shouldRunTheInitializerOncePerWorker() throws Exception
    {
        try (SharedLong count = SharedLong.create(ShmLeakCheck.name("inits"), 'q', 0))
        {
            final Pool pool = Pool.builder().workers(2).initializer(PoolTasks.CountingInit.class, count.name())
                .name(PoolFixture.name("init")).start();
            try
            {
                assertEquals(2, count.get(), "one run per worker at start");
                for (int i = 0; i < 20; i++)
                {
                    pool.applyAsync(PoolTasks.Square.class, (long)i).get(BOUND_S, TimeUnit.SECONDS);
                }
                final Set<Long> seen = new HashSet<>();
                for (final CompletableFuture<Long> f : pool.<Long, Long>applyOnEach(PoolTasks.InitCount.class, 0L))
                {
                    seen.add(f.get(BOUND_S, TimeUnit.SECONDS));
                }
                assertEquals(Set.of(1L, 2L), seen, "each worker kept its initializer's state");
                assertEquals(2, count.get(), "tasks do not run it again");
                assertThrows(ExecutionException.class,
                    () -> pool.applyAsyncOn(0, PoolTasks.Exit.class, 1L).get(BOUND_S, TimeUnit.SECONDS));
                pool.applyAsyncOn(0, PoolTasks.Square.class, 1L).get(BOUND_S, TimeUnit.SECONDS);
                assertEquals(3, count.get(), "the replacement ran it");
            }
            finally
            {
                PoolFixture.closeAndCheck(pool);
                count.unlink();
            }
        }
    }

    @Test
    void shouldStopSubmittingOnceAHitIsSeenThenTerminate() throws Exception
    {
        final int candidates = 5_000;
        try (SharedList hits = SharedList.create(ShmLeakCheck.name("hits"), 64, 4096))
        {
            final Pool pool = Pool.builder().workers(2).initializer(PoolTasks.SearchInit.class, hits.name())
                .name(PoolFixture.name("early")).start();
            final List<ProcessHandle> workers = children();
            final ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
            long k = 0;
            // Python: for k in range(n): if hits: break; pool.apply_async(search, (k,)) -- with a bounded window
            while (k < candidates && hits.isEmpty())
            {
                if (inFlight.size() == 8)
                {
                    inFlight.poll().get(BOUND_S, TimeUnit.SECONDS);
                    continue;
                }
                inFlight.add(pool.applyAsync(PoolTasks.Search.class, k++));
            }
            final long observedAt = k;
            pool.terminate();
            assertTrue(observedAt < candidates, "stopped early, after " + observedAt + " of " + candidates);
            assertTrue(observedAt > PoolTasks.Search.HIT, "the hit was submitted before it was seen");
            assertEquals(List.of(PoolTasks.Search.HIT), hits.asList(RecordCodec.of(Codecs.longs())));
            assertTrue(pool.isTerminated());
            PoolFixture.assertNothingLeft(pool, workers);
            hits.unlink();
        }
    }
}
