package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLong;
import io.shmkit.it.Await;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolTaskException;
import io.shmkit.pool.WorkerDiedException;
import io.shmkit.test.ShmLeakCheck;

/**
 * Failures across real worker JVMs: a task that throws, a task that calls System.exit, a worker killed with
 * SIGKILL in the middle of a task (without and with retry). Each test owns its pool and checks that nothing is left.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class PoolFaultTest
{
    private static final long BOUND_S = 60;

    @Test
    void shouldCarryATaskExceptionAsText() throws Exception
    {
        final Pool pool = Pool.builder().workers(1).name(PoolFixture.name("throw")).start();
        try
        {
            final ExecutionException ex = assertThrows(ExecutionException.class,
                () -> pool.applyAsync(PoolTasks.Fail.class, 5L).get(BOUND_S, TimeUnit.SECONDS));
            final PoolTaskException failure = assertInstanceOf(PoolTaskException.class, ex.getCause());
            assertEquals(ArithmeticException.class.getName(), failure.remoteType());
            assertEquals("cannot divide 5", failure.remoteMessage());
            assertTrue(failure.remoteStackTrace().contains("PoolTasks$Fail.divide"), failure.remoteStackTrace());
            assertTrue(failure.getMessage().contains("cannot divide 5"), failure.getMessage());
            assertEquals(50L, pool.applyAsync(PoolTasks.Square.class, 7L).get(BOUND_S, TimeUnit.SECONDS),
                "the worker goes on after a task threw");
            final PoolTaskException inMap = assertThrows(PoolTaskException.class,
                () -> pool.map(PoolTasks.Fail.class, List.of(1L, 2L, 3L), 2));
            assertEquals("cannot divide 1", inMap.remoteMessage(), "map throws the first failed chunk's exception");
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }

    @Test
    void shouldFailTheTaskOfAWorkerThatExitsAndReplaceIt() throws Exception
    {
        final Pool pool = Pool.builder().workers(1).name(PoolFixture.name("exit")).start();
        try
        {
            final long before = pool.applyAsync(PoolTasks.Pid.class, 0L).get(BOUND_S, TimeUnit.SECONDS);
            final ExecutionException ex = assertThrows(ExecutionException.class,
                () -> pool.applyAsync(PoolTasks.Exit.class, 3L).get(BOUND_S, TimeUnit.SECONDS));
            final WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, ex.getCause());
            assertEquals(0, died.workerIndex());
            assertEquals(before, died.pid());
            assertEquals(3, died.exitCode());
            assertTrue(died.getMessage().contains("pid " + before) && died.getMessage().contains("exit code 3"),
                died.getMessage());
            final long after = pool.applyAsync(PoolTasks.Pid.class, 0L).get(BOUND_S, TimeUnit.SECONDS);
            assertNotEquals(before, after, "a replacement worker runs the next task");
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }

    @Test
    void shouldFailExactlyTheTasksAKilledWorkerHeld() throws Exception
    {
        final Pool pool = Pool.builder().workers(2).name(PoolFixture.name("kill")).start();
        try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("flag"), 'q', 0))
        {
            final long victim = pool.applyAsyncOn(0, PoolTasks.Pid.class, 0L).get(BOUND_S, TimeUnit.SECONDS);
            final CompletableFuture<Long> hung = pool.applyAsyncOn(0, PoolTasks.Hang.class, flag.name());
            final CompletableFuture<Long> queued = pool.applyAsyncOn(0, PoolTasks.Square.class, 3L);
            Await.until(BOUND_S, () -> flag.get() == victim, () -> "the task to start on worker 0");
            final CompletableFuture<Long> elsewhere = pool.applyAsyncOn(1, PoolTasks.Square.class, 4L);
            assertEquals(17L, elsewhere.get(BOUND_S, TimeUnit.SECONDS));
            final ProcessHandle h = ProcessHandle.of(victim).orElseThrow();
            assertTrue(h.isAlive(), "the victim is alive before the kill");
            h.destroyForcibly();
            h.onExit().get(BOUND_S, TimeUnit.SECONDS);
            for (final CompletableFuture<Long> f : List.of(hung, queued))
            {
                final ExecutionException ex = assertThrows(ExecutionException.class,
                    () -> f.get(BOUND_S, TimeUnit.SECONDS));
                final WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, ex.getCause());
                assertEquals(0, died.workerIndex());
                assertEquals(victim, died.pid());
                assertEquals(128 + 9, died.exitCode());
            }
            assertEquals(List.of(1L, 2L, 5L, 10L), pool.map(PoolTasks.Square.class, List.of(0L, 1L, 2L, 3L), 1),
                "the pool keeps working");
            final Set<Long> pids = pool.<Long, Long>applyOnEach(PoolTasks.Pid.class, 0L).stream()
                .map(CompletableFuture::join).collect(Collectors.toSet());
            assertEquals(2, pids.size(), "two workers again");
            assertFalse(pids.contains(victim), "the killed worker was replaced");
            flag.unlink();
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }

    @Test
    void shouldRunAKilledWorkersTaskAgainWhenBuiltToRetry() throws Exception
    {
        final Pool pool = Pool.builder().workers(2).retryOnWorkerDeath(1).name(PoolFixture.name("retry")).start();
        try (SharedLong flag = SharedLong.create(ShmLeakCheck.name("flag"), 'q', 0))
        {
            final CompletableFuture<Long> f = pool.applyAsync(PoolTasks.Hang.class, flag.name());
            Await.until(BOUND_S, () -> flag.get() > 0, () -> "the task to start");
            final long victim = flag.get();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            final long ranOn = f.get(BOUND_S, TimeUnit.SECONDS);
            assertNotEquals(victim, ranOn, "the task ran again on another worker and completed");
            flag.unlink();
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }

    @Test
    void shouldReportAnOutOfMemoryErrorAndReplaceTheWorker() throws Exception
    {
        final Pool pool = Pool.builder().workers(1).heap("48m").name(PoolFixture.name("oom")).start();
        try
        {
            final long before = pool.applyAsync(PoolTasks.Pid.class, 0L).get(BOUND_S, TimeUnit.SECONDS);
            final ExecutionException ex = assertThrows(ExecutionException.class,
                () -> pool.applyAsync(PoolTasks.Hog.class, 4L).get(BOUND_S, TimeUnit.SECONDS));
            final PoolTaskException failure = assertInstanceOf(PoolTaskException.class, ex.getCause());
            assertEquals(OutOfMemoryError.class.getName(), failure.remoteType());
            final long after = pool.applyAsync(PoolTasks.Pid.class, 0L).get(BOUND_S, TimeUnit.SECONDS);
            assertNotEquals(before, after, "a worker that ran out of memory is replaced");
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }

    @Test
    void imapShouldThrowAtAFailedChunkAndGoOn() throws Exception
    {
        final Pool pool = Pool.builder().workers(1).name(PoolFixture.name("imapfail")).start();
        try
        {
            final java.util.Iterator<Long> it = pool.imap(PoolTasks.Fail.class, List.of(1L, 2L, 3L), 1);
            for (long k = 1; k <= 3; k++)
            {
                final PoolTaskException ex = assertThrows(PoolTaskException.class, it::next);
                assertEquals("cannot divide " + k, ex.remoteMessage(), "the chunks fail in order");
            }
            assertFalse(it.hasNext(), "every chunk was consumed");
        }
        finally
        {
            PoolFixture.closeAndCheck(pool);
        }
    }
}
