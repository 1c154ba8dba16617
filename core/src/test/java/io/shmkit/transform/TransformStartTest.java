package io.shmkit.transform;

import static io.shmkit.transform.TransformControl.ARMED_OFFSET;
import static io.shmkit.transform.TransformControl.GO_ABORT;
import static io.shmkit.transform.TransformControl.GO_OFFSET;
import static io.shmkit.transform.TransformControl.GO_TIME_OFFSET;
import static io.shmkit.transform.TransformControl.GO_WAIT;
import static io.shmkit.transform.TransformControl.GO_WORK;
import static io.shmkit.transform.TransformControl.READY_OFFSET;
import static io.shmkit.transform.TransformControl.workerBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;
import io.shmkit.transform.TransformStart;

/**
 * The start protocol of a transform ({@link TransformStart}) with threads in place of child processes: the same
 * shared control array, the same accesses. Every wait is bounded.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class TransformStartTest
{
    private static final long WAIT_MS = 60_000;

    private TransformControl shared;
    private ExecutorService pool;

    @BeforeEach
    void setUp()
    {
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws Exception
    {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "workers ended");
        release();
    }

    private void release()
    {
        if (null != shared)
        {
            shared.close();
            shared = null;
        }
    }

    /** A fresh control array of {@code workers} workers, in segments the tear-down releases. */
    private SharedLongArray control(final int workers)
    {
        release();
        shared = TransformControl.create(ShmLeakCheck.name("xf"), workers, 1, ShmOptions.defaults());
        return shared.control();
    }

    /** A worker as in a child: ready, then wait for the start; true when started, false when aborted. */
    private Future<Boolean> worker(final SharedLongArray c, final int w, final CountDownLatch go)
    {
        return pool.submit(() ->
        {
            go.await();
            c.set(workerBase(w) + READY_OFFSET, 1);
            return TransformStart.awaitGo(c, workerBase(w), WAIT_MS, null);
        });
    }

    @Test
    void shouldStartWhenTheLastWorkerArmsWithoutTheParent() throws Exception
    {
        for (final int n : new int[] {1, 2, 3, 8})
        {
            final SharedLongArray c = control(n);
            final CountDownLatch go = new CountDownLatch(1);
            final List<Future<Boolean>> workers = new ArrayList<>();
            for (int w = 0; w < n; w++)
            {
                workers.add(worker(c, w, go));
            }
            go.countDown();
            for (final Future<Boolean> f : workers)
            {
                assertTrue(f.get(WAIT_MS, TimeUnit.MILLISECONDS), n + " workers: each started");
            }
            assertEquals(GO_WORK, c.get(GO_OFFSET), n + " workers: started by one of them");
            assertTrue(c.get(GO_TIME_OFFSET) > 0, n + " workers: the start time is recorded");
            for (int w = 0; w < n; w++)
            {
                assertEquals(1, c.get(workerBase(w) + ARMED_OFFSET), n + " workers: worker " + w + " armed");
            }
        }
    }

    @Test
    void shouldNotStartWhileAWorkerIsNotReadyUntilTheParentDoes() throws Exception
    {
        final SharedLongArray c = control(3);
        final CountDownLatch go = new CountDownLatch(1);
        final Future<Boolean> w0 = worker(c, 0, go);
        final Future<Boolean> w1 = worker(c, 1, go);
        go.countDown();
        // worker 2 never becomes ready (a child that died before): the others wait, unarmed
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (c.get(workerBase(0) + READY_OFFSET) == 0 || c.get(workerBase(1) + READY_OFFSET) == 0)
        {
            assertTrue(System.nanoTime() - until < 0, "the two workers to become ready");
            Thread.onSpinWait();
        }
        // give a premature start time to show: the workers go on waiting
        assertThrows(TimeoutException.class, () -> w0.get(200, TimeUnit.MILLISECONDS), "no start without worker 2");
        assertFalse(w1.isDone(), "no start without worker 2");
        assertEquals(GO_WAIT, c.get(GO_OFFSET));
        assertEquals(0, c.get(workerBase(0) + ARMED_OFFSET), "not armed while a sibling is not ready");
        assertEquals(0, c.get(workerBase(1) + ARMED_OFFSET), "not armed while a sibling is not ready");

        assertTrue(TransformStart.tryStart(c, GO_WORK), "the parent starts them");

        assertTrue(w0.get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertTrue(w1.get(WAIT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldAlwaysStartWhenWorkersArmTogether() throws Exception
    {
        // The arming race the volatile store and reads are for: two or three workers, released together, arm at
        // the same moment; at least one must see every flag set and start, in every round.
        for (int round = 0; round < 2_000; round++)
        {
            final int n = 2 + round % 2;
            final SharedLongArray c = control(n);
            for (int w = 0; w < n; w++)
            {
                c.set(workerBase(w) + READY_OFFSET, 1); // all ready: each worker goes straight to arming
            }
            final CyclicBarrier together = new CyclicBarrier(n);
            final List<Future<Boolean>> workers = new ArrayList<>();
            for (int w = 0; w < n; w++)
            {
                final int worker = w;
                workers.add(pool.submit(() ->
                {
                    together.await();
                    return TransformStart.awaitGo(c, workerBase(worker), WAIT_MS, null);
                }));
            }
            for (final Future<Boolean> f : workers)
            {
                assertTrue(f.get(WAIT_MS, TimeUnit.MILLISECONDS), "round " + round + ": started by a worker");
            }
        }
    }

    @Test
    void shouldAbortArmedWorkersWhenTheParentAborts() throws Exception
    {
        final SharedLongArray c = control(2);
        final CountDownLatch go = new CountDownLatch(1);
        final Future<Boolean> w0 = worker(c, 0, go);
        go.countDown();
        c.set(workerBase(1) + READY_OFFSET, 1); // worker 1 is ready but never arms: worker 0 arms and spins
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (c.get(workerBase(0) + ARMED_OFFSET) == 0)
        {
            assertTrue(System.nanoTime() - until < 0, "worker 0 to arm");
            Thread.onSpinWait();
        }
        assertFalse(w0.isDone(), "armed, waiting for its sibling");

        assertTrue(TransformStart.tryStart(c, GO_ABORT));

        assertFalse(w0.get(WAIT_MS, TimeUnit.MILLISECONDS), "aborted");
        assertFalse(TransformStart.tryStart(c, GO_WORK), "an abort is final");
    }

    @Test
    void shouldGiveUpAfterItsTimeout()
    {
        final SharedLongArray c = control(2);
        c.set(workerBase(0) + READY_OFFSET, 1);

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> TransformStart.awaitGo(c, workerBase(0), 50, null));

        assertTrue(ex.getMessage().contains("did not start within 50 ms"), ex.getMessage());
        assertEquals(GO_WAIT, c.get(GO_OFFSET));
    }
}
