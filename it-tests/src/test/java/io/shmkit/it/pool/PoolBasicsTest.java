package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.it.Await;
import io.shmkit.pool.Pool;
import io.shmkit.test.ShmLeakCheck;

/**
 * applyAsync end to end on one pool of two real worker JVMs shared by the tests of this class, and what a pool
 * leaves behind after close.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class PoolBasicsTest
{
    private static Pool pool;

    @BeforeAll
    static void start()
    {
        pool = Pool.builder().workers(2).name(PoolFixture.name("basics")).start();
    }

    @AfterAll
    static void stop() throws Exception
    {
        PoolFixture.closeAndCheck(pool);
    }

    @Test
    void shouldApplyAsyncOnAWorker() throws Exception
    {
        final CompletableFuture<Long> f = pool.applyAsync(PoolTasks.Square.class, 7L);
        assertEquals(50L, f.get(60, TimeUnit.SECONDS));
        final long pid = pool.applyAsync(PoolTasks.Pid.class, 0L).get(60, TimeUnit.SECONDS);
        assertNotEquals(ProcessHandle.current().pid(), pid, "the task ran in another process");
        assertTrue(ProcessHandle.current().children().anyMatch(c -> c.pid() == pid), "a child of this JVM ran it");
    }

    @Test
    void shouldRunManyTasksOnBothWorkers() throws Exception
    {
        final List<CompletableFuture<Long>> fs = new ArrayList<>();
        for (long i = 0; i < 2_000; i++)
        {
            fs.add(pool.applyAsync(PoolTasks.Square.class, i));
        }
        for (int i = 0; i < fs.size(); i++)
        {
            assertEquals(PoolTasks.Square.of((long)i), fs.get(i).get(60, TimeUnit.SECONDS));
        }
        final Set<Long> indexes = new HashSet<>();
        for (final CompletableFuture<Long> f : pool.<Long, Long>applyOnEach(PoolTasks.Index.class, 0L))
        {
            indexes.add(f.get(60, TimeUnit.SECONDS));
        }
        assertEquals(Set.of(0L, 1L), indexes, "applyOnEach ran once on each worker");
        assertTrue(pool.completedTasks() >= 2_002);
    }

    @Test
    void idleWorkersShouldSleepOnTheirWakeChannelAndWakeForTheNextTask() throws Exception
    {
        try (SharedLongArray asleep = SharedLongArray.open(pool.name() + ".wake"))
        {
            for (int round = 0; round < 3; round++)
            {
                Await.until(60, () -> asleep.get(0) == 1 && asleep.get(1) == 1,
                    () -> "both idle workers to sleep: " + asleep.get(0) + ", " + asleep.get(1));
                final List<CompletableFuture<Long>> woken = pool.applyOnEach(PoolTasks.Index.class, 0L);
                assertEquals(0L, woken.get(0).get(60, TimeUnit.SECONDS), "worker 0 woke and ran its task");
                assertEquals(1L, woken.get(1).get(60, TimeUnit.SECONDS), "worker 1 woke and ran its task");
            }
        }
    }

    @Test
    void shouldCarryNullsBothWays() throws Exception
    {
        assertNull(pool.applyAsync(PoolTasks.Square.class, null).get(60, TimeUnit.SECONDS));
    }

    @Test
    void shouldRejectAJoinWhileRunning()
    {
        assertThrows(IllegalStateException.class, () -> pool.join(Duration.ofSeconds(1)));
    }

    @Test
    void shouldRejectUnusableTasksAndOversizedArgumentsBeforeSendingAnything()
    {
        final IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class,
            () -> pool.applyAsync(PoolTasks.Hidden.class, 1L));
        assertTrue(hidden.getMessage().contains("public no-argument constructor"), hidden.getMessage());
        final long before = pool.submittedTasks();
        final IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
            () -> pool.applyAsync(PoolTasks.Hang.class, "x".repeat(300_000)));
        assertTrue(big.getMessage().contains("a request holds at most"), big.getMessage());
        assertEquals(before, pool.submittedTasks(), "nothing was submitted");
    }

    @Test
    void idleWorkersShouldNotBurnACore() throws Exception
    {
        pool.applyAsync(PoolTasks.Square.class, 1L).get(60, TimeUnit.SECONDS);
        final List<ProcessHandle> workers = new ArrayList<>();
        for (final long pid : pool.workerPids())
        {
            workers.add(ProcessHandle.of(pid).orElseThrow());
        }
        final long[] before = new long[workers.size()];
        for (int i = 0; i < before.length; i++)
        {
            before[i] = workers.get(i).info().totalCpuDuration().orElseThrow().toNanos();
        }
        final long t0 = System.nanoTime();
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // measuring, not waiting
        final long elapsed = System.nanoTime() - t0;
        for (int i = 0; i < before.length; i++)
        {
            final long used = workers.get(i).info().totalCpuDuration().orElseThrow().toNanos() - before[i];
            assertTrue(used < elapsed / 4, "idle worker " + i + " used " + used / 1_000_000 + " ms of CPU in " +
                elapsed / 1_000_000 + " ms");
        }
    }
}
