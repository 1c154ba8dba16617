package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.it.Await;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolTransforms;
import io.shmkit.test.ShmLeakCheck;

/**
 * Ending a pool from a future's dependent action (which runs on the pool's result thread) and while replacement
 * workers are starting, on real worker JVMs; each test checks that no process and no segment is left.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class PoolEndingTest
{
    private static final long BOUND_S = 60;
    /** Well under the 40 s a stalled end took: the dependent action must return promptly. */
    private static final long PROMPT_S = 20;

    private static List<ProcessHandle> children()
    {
        return ProcessHandle.current().children().collect(Collectors.toList());
    }

    @Test
    void terminateFromADependentActionShouldEndThePoolWhileResultsStream() throws Exception
    {
        final List<CompletableFuture<Long>> others = endFromCallback("cb-terminate", Pool::terminate);
        for (final CompletableFuture<Long> f : others)
        {
            try
            {
                f.get(BOUND_S, TimeUnit.SECONDS);
            }
            catch (final CancellationException ex)
            {
                // cancelled by terminate: expected for the tasks still in flight
            }
        }
    }

    @Test
    void closeFromADependentActionShouldShutDownWithoutWaitingThenEnd() throws Exception
    {
        for (final CompletableFuture<Long> f : endFromCallback("cb-close", Pool::close))
        {
            assertNotNull(f.get(BOUND_S, TimeUnit.SECONDS), "accepted work runs after close");
        }
    }

    @Test
    void shutdownNowFromADependentActionShouldEndThePool() throws Exception
    {
        endFromCallback("cb-now", Pool::shutdownNow);
    }

    /**
     * One worker hangs on a gate task whose dependent action ends the pool, while the other streams results; the
     * gate is opened, and the action must return promptly and the pool end with nothing left.
     */
    private static List<CompletableFuture<Long>> endFromCallback(final String what, final Consumer<Pool> end)
        throws Exception
    {
        final Pool pool = Pool.builder().workers(2).name(PoolFixture.name(what)).start();
        final List<ProcessHandle> workers = children();
        final List<CompletableFuture<Long>> others = new ArrayList<>();
        try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("gate"), 'q', 0))
        {
            final CompletableFuture<Long> gate = pool.applyAsync(PoolTasks.Hang.class, flag.name());
            final CompletableFuture<Void> ended = gate.thenRun(() -> end.accept(pool));
            Await.until(BOUND_S, () -> flag.get() > 0, () -> "the gate task to start");
            for (long i = 0; i < 2_000; i++)
            {
                others.add(pool.applyAsync(PoolTasks.Square.class, i));
            }
            flag.set(-1);
            ended.get(PROMPT_S, TimeUnit.SECONDS);
            assertTrue(pool.isShutdown(), "the action ended the pool");
            assertTrue(pool.awaitTermination(BOUND_S, TimeUnit.SECONDS), "the pool ends");
            flag.unlink();
        }
        PoolFixture.assertNothingLeft(pool, workers);
        return others;
    }

    @Test
    void waitsForResultsFromADependentActionShouldFailAtOnceNotHang() throws Exception
    {
        final List<ProcessHandle> workers = children();
        final Pool pool = Pool.builder().workers(1).name(PoolFixture.name("cb-wait")).start();
        try (SharedDoubleArray array = SharedDoubleArray.create(ShmLeakCheck.name("cb-array"), 'd', 1_000))
        {
            final List<Callable<Object>> waits = List.of(
                () -> pool.map(PoolTasks.Square.class, List.of(1L, 2L)),
                () -> pool.imap(PoolTasks.Square.class, List.of(1L, 2L), 1).next(),
                () -> pool.invokeAll(List.of(Pool.call(PoolTasks.Square.class, 3L))),
                () -> pool.invokeAny(List.of(Pool.call(PoolTasks.Square.class, 3L))),
                () -> pool.awaitTermination(1, TimeUnit.DAYS),
                () -> pool.applyAsync(PoolTasks.Square.class, 4L).get(),
                () -> pool.applyAsync(PoolTasks.Square.class, 4L).get(1, TimeUnit.DAYS),
                () -> pool.applyAsync(PoolTasks.Square.class, 4L).join(),
                () -> pool.submit(Pool.call(PoolTasks.Square.class, 4L)).get(),
                () -> PoolTransforms.on(pool).negate(array));
            for (int i = 0; i < waits.size(); i++)
            {
                final Callable<Object> wait = waits.get(i);
                final Object outcome;
                // a gate task, opened only once the action is attached: so the action runs on the result thread,
                // never on this one (a future already complete runs thenApply on the caller's thread)
                try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("cb-gate"), 'q', 0))
                {
                    final CompletableFuture<Object> inAction = pool.applyAsync(PoolTasks.Hang.class, flag.name())
                        .thenApply(v -> Thread.currentThread().getName().startsWith("shmkit-pool-results") ?
                            callQuietly(wait) : "not on the result thread: " + Thread.currentThread().getName());
                    Await.until(BOUND_S, () -> flag.get() > 0, () -> "the gate task to start");
                    flag.set(-1);
                    outcome = inAction.get(PROMPT_S, TimeUnit.SECONDS);
                    flag.unlink();
                }
                assertTrue(outcome instanceof IllegalStateException, "wait " + i + " on the result thread: " + outcome);
                assertTrue(((Exception)outcome).getMessage().contains("result thread"), "says why: " + outcome);
            }
            assertTrue(array.unlink());
            assertEquals(List.of(2L, 5L, 10L), pool.map(PoolTasks.Square.class, List.of(1L, 2L, 3L)),
                "the pool still works, and the same waits work on another thread");
        }
        finally
        {
            pool.close();
        }
        PoolFixture.assertNothingLeft(pool, workers);
    }

    @Test
    void aDependentActionThatSubmitsIntoAFullRequestQueueShouldNotDeadlock() throws Exception
    {
        final List<ProcessHandle> workers = children();
        // requests of at most 2 KiB in a 16 KiB ring; results in the default 4 MiB ring
        final Pool pool = Pool.builder().workers(1).requestCapacity(16 * 1024).name(PoolFixture.name("full"))
            .start();
        try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("full-gate"), 'q', 0))
        {
            final CompletableFuture<Long> gate = pool.applyAsync(PoolTasks.Hang.class, flag.name());
            Await.until(BOUND_S, () -> flag.get() > 0, () -> "the gate task to start");
            // 8 MB of results, twice the result queue: the worker waits for the result thread to read them
            final List<CompletableFuture<String>> texts = new ArrayList<>();
            for (int i = 0; i < 40; i++)
            {
                texts.add(pool.applyAsync(PoolTasks.Text.class, 200_000L));
            }
            // the first result's action (on the result thread) submits 60 KB of requests, four rings' worth, which
            // the worker takes only after it has sent the 8 MB: the result thread must not wait for their room
            final CompletableFuture<List<CompletableFuture<Long>>> chained = texts.get(0).thenApply(t ->
            {
                final List<CompletableFuture<Long>> lengths = new ArrayList<>();
                for (int i = 0; i < 60; i++)
                {
                    lengths.add(pool.applyAsync(PoolTasks.Length.class, "y".repeat(1_000)));
                }
                return lengths;
            });
            flag.set(-1);
            gate.get(BOUND_S, TimeUnit.SECONDS);
            for (final CompletableFuture<String> t : texts)
            {
                assertEquals(200_000, t.get(BOUND_S, TimeUnit.SECONDS).length());
            }
            for (final CompletableFuture<Long> l : chained.get(BOUND_S, TimeUnit.SECONDS))
            {
                assertEquals(1_000L, l.get(BOUND_S, TimeUnit.SECONDS));
            }
            flag.unlink();
        }
        finally
        {
            pool.close();
        }
        PoolFixture.assertNothingLeft(pool, workers);
    }

    private static Object callQuietly(final Callable<Object> call)
    {
        try
        {
            return call.call();
        }
        catch (final Exception ex)
        {
            return ex;
        }
    }

    @Test
    void terminateWhileReplacementsStartShouldLeaveNoWorker() throws Exception
    {
        for (int round = 0; round < 3; round++)
        {
            final Pool pool = Pool.builder().workers(2).maxTasksPerWorker(1).name(PoolFixture.name("retiring"))
                .start();
            final Set<Long> pids = new HashSet<>(pool.workerPids());
            final List<CompletableFuture<Long>> inFlight = new ArrayList<>();
            for (long i = 0; i < 40; i++)
            {
                inFlight.add(pool.applyAsync(PoolTasks.Pid.class, i));
            }
            inFlight.get(3).get(BOUND_S, TimeUnit.SECONDS); // replacements are being started now
            pids.addAll(pool.workerPids());
            pool.terminate();
            assertTrue(pool.isTerminated(), "terminated when terminate returns");
            pids.addAll(pool.workerPids());
            for (final CompletableFuture<Long> f : inFlight)
            {
                try
                {
                    pids.add(f.get(BOUND_S, TimeUnit.SECONDS));
                }
                catch (final CancellationException | ExecutionException ex)
                {
                    // cancelled by terminate
                }
            }
            final List<ProcessHandle> alive = children().stream().filter(ProcessHandle::isAlive)
                .collect(Collectors.toList());
            assertEquals(List.of(), alive, "no worker process is left when terminate returns (round " + round + ")");
            for (final long pid : pids)
            {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "worker " + pid + " reported by the pool is gone");
            }
            PoolFixture.assertNothingLeft(pool, List.of());
        }
    }
}
