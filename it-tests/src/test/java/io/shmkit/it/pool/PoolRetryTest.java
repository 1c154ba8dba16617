package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLong;
import io.shmkit.it.Await;
import io.shmkit.pool.Pool;
import io.shmkit.pool.WorkerDiedException;
import io.shmkit.test.ShmLeakCheck;

/**
 * Retry on a worker's death when no other worker is left: the retried tasks wait for the replacement, on real worker
 * JVMs; each test checks that no process and no segment is left.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class PoolRetryTest
{
    private static final long BOUND_S = 60;

    @Test
    void shouldRunTheOnlyWorkersTasksAgainOnItsReplacement() throws Exception
    {
        // NOTE: the retries must not each wait startTimeout for a worker before the replacement is even started
        final Pool pool = Pool.builder().workers(1).retryOnWorkerDeath(1).startTimeout(Duration.ofSeconds(30))
            .name(PoolFixture.name("retry-one")).start();
        try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("flag"), 'q', 0))
        {
            final CompletableFuture<Long> hung = pool.applyAsync(PoolTasks.Hang.class, flag.name());
            final List<CompletableFuture<Long>> held = new ArrayList<>();
            for (long i = 0; i < 3; i++)
            {
                held.add(pool.applyAsync(PoolTasks.Square.class, i));
            }
            Await.until(BOUND_S, () -> flag.get() > 0, () -> "the task to start");
            final long victim = flag.get();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            final long ranOn = hung.get(BOUND_S, TimeUnit.SECONDS);
            assertNotEquals(victim, ranOn, "the task ran again on the replacement and completed");
            for (int i = 0; i < held.size(); i++)
            {
                assertEquals(PoolTasks.Square.of((long)i), held.get(i).get(BOUND_S, TimeUnit.SECONDS),
                    "held task " + i + " ran again");
            }
            assertEquals(List.of(ranOn), pool.workerPids(), "the replacement is the pool's worker");
            flag.unlink();
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }

    @Test
    void aTerminateInTheActionOfAFailedPinnedTaskShouldCancelTheTasksToRetry() throws Exception
    {
        final List<ProcessHandle> workers = new ArrayList<>();
        final Pool pool = Pool.builder().workers(1).retryOnWorkerDeath(2).name(PoolFixture.name("retry-end")).start();
        try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("flag"), 'q', 0))
        {
            ProcessHandle.of(pool.workerPids().get(0)).ifPresent(workers::add);
            // a pinned task is never retried: its failure runs the action (on the result thread, in the middle of
            // handling the death), which ends the pool before the retries are sent
            final CompletableFuture<Long> pinned = pool.applyAsyncOn(0, PoolTasks.Hang.class, flag.name());
            final CompletableFuture<Object> ended = pinned.handle((r, ex) ->
            {
                pool.terminate();
                return ex;
            });
            final List<CompletableFuture<Long>> retried = new ArrayList<>();
            for (long i = 0; i < 4; i++)
            {
                retried.add(pool.applyAsync(PoolTasks.Square.class, i));
            }
            Await.until(BOUND_S, () -> flag.get() > 0, () -> "the pinned task to start");
            ProcessHandle.of(flag.get()).orElseThrow().destroyForcibly();
            assertTrue(ended.get(BOUND_S, TimeUnit.SECONDS) instanceof WorkerDiedException,
                "the pinned task failed with its worker");
            for (int i = 0; i < retried.size(); i++)
            {
                final CompletableFuture<Long> f = retried.get(i);
                assertThrows(CancellationException.class, () -> f.get(BOUND_S, TimeUnit.SECONDS),
                    "task " + i + ", held by the dead worker and not yet sent again, is cancelled (not left undone)");
            }
            assertTrue(pool.isTerminated());
            flag.unlink();
        }
        finally
        {
            pool.terminate();
        }
        PoolFixture.assertNothingLeft(pool, workers);
    }
}
