package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.it.Await;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolWorker;
import io.shmkit.test.ShmLeakCheck;

/**
 * No request is left waiting for a sleeping worker. The workers here sleep up to ten minutes on their wake channel
 * (not the default 100 ms, which would hide a lost wake-up behind a short delay), so a task only completes within
 * the tests' bound if the parent woke its worker: submitted to a worker known to sleep, and submitted at random
 * moments around the worker's turn from parking to sleeping, from one thread and from two at once.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class PoolWakeTest
{
    /** Far longer than any bound below: a lost wake-up fails the test rather than delaying it. */
    private static final long SLEEP_MILLIS = TimeUnit.MINUTES.toMillis(10);
    /** A task's bound; a worker waits {@link #SLEEP_MILLIS} if no one wakes it. */
    private static final long BOUND_SECONDS = 60;

    private static Pool pool;
    private static SharedLongArray asleep;

    @BeforeAll
    static void start()
    {
        pool = Pool.builder().workers(2).name(PoolFixture.name("wake"))
            .jvmOptions("-D" + PoolWorker.IDLE_MILLIS_PROPERTY + "=" + SLEEP_MILLIS).start();
        asleep = SharedLongArray.open(pool.name() + ".wake");
    }

    @AfterAll
    static void stop() throws Exception
    {
        asleep.close();
        PoolFixture.closeAndCheck(pool);
    }

    @Test
    void aWorkerKnownToSleepShouldBeWokenByItsNextTask() throws Exception
    {
        for (int round = 0; round < 20; round++)
        {
            Await.until(BOUND_SECONDS, () -> asleep.get(0) == 1 && asleep.get(1) == 1,
                () -> "both idle workers to sleep: " + asleep.get(0) + ", " + asleep.get(1));
            final List<CompletableFuture<Long>> woken = pool.applyOnEach(PoolTasks.Index.class, 0L);
            assertEquals(0L, woken.get(0).get(BOUND_SECONDS, TimeUnit.SECONDS), "worker 0 was woken");
            assertEquals(1L, woken.get(1).get(BOUND_SECONDS, TimeUnit.SECONDS), "worker 1 was woken");
        }
    }

    @Test
    void tasksSubmittedAsTheWorkersTurnToSleepShouldAllComplete() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(7);
        int sleeping = 0;
        for (int round = 0; round < 300; round++)
        {
            // a worker turns to sleep after about 20 ms of parking: pauses of 0 to 40 ms land on both sides of it
            LockSupport.parkNanos(random.nextLong(TimeUnit.MILLISECONDS.toNanos(40)));
            sleeping += (int)(asleep.get(0) + asleep.get(1));
            final List<CompletableFuture<Long>> fs = pool.applyOnEach(PoolTasks.Square.class, (long)round);
            for (final CompletableFuture<Long> f : fs)
            {
                assertEquals(PoolTasks.Square.of((long)round), f.get(BOUND_SECONDS, TimeUnit.SECONDS),
                    "round " + round);
            }
        }
        assertTrue(sleeping >= 20, "the rounds must catch workers asleep to test their waking: " + sleeping);
    }

    @Test
    void tasksSubmittedByTwoThreadsAtOnceShouldWakeTheirWorkerOnce() throws Exception
    {
        final ExecutorService submitters = Executors.newFixedThreadPool(2);
        try
        {
            final AtomicInteger sleeping = new AtomicInteger();
            for (int round = 0; round < 100; round++)
            {
                final int worker = round & 1;
                final long pause = new SplittableRandom(round).nextLong(TimeUnit.MILLISECONDS.toNanos(40));
                final CountDownLatch go = new CountDownLatch(1);
                final Future<?> a = submitters.submit(() -> submitAfter(go, pause, worker, sleeping));
                final Future<?> b = submitters.submit(() -> submitAfter(go, pause, worker, sleeping));
                go.countDown();
                a.get(BOUND_SECONDS, TimeUnit.SECONDS);
                b.get(BOUND_SECONDS, TimeUnit.SECONDS);
            }
            assertTrue(sleeping.get() >= 10, "the rounds must catch a worker asleep: " + sleeping.get());
        }
        finally
        {
            submitters.shutdownNow();
            assertTrue(submitters.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    /** After {@code go} and a pause, run a task on {@code worker} and check its result within the bound. */
    private static Void submitAfter(final CountDownLatch go, final long pauseNanos, final int worker,
        final AtomicInteger sleeping) throws Exception
    {
        assertTrue(go.await(BOUND_SECONDS, TimeUnit.SECONDS));
        LockSupport.parkNanos(pauseNanos);
        if (asleep.get(worker) == 1)
        {
            sleeping.incrementAndGet();
        }
        assertEquals((long)worker, pool.applyAsyncOn(worker, PoolTasks.Index.class, 0L)
            .get(BOUND_SECONDS, TimeUnit.SECONDS), "the task ran on worker " + worker);
        return null;
    }
}
