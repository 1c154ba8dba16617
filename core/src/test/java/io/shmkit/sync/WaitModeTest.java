package io.shmkit.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.lock.Idle;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.WaitMode;
import io.shmkit.test.ShmLeakCheck;

/** Handles opened with {@link WaitMode#SPIN}: they wait, wake and time out as the parking ones do. */
@ExtendWith(ShmLeakCheck.class)
class WaitModeTest
{
    private static final ShmOptions SPIN = ShmOptions.defaults().withWaitMode(WaitMode.SPIN);

    @Test
    void optionsShouldDefaultToBackOffAndRejectNull()
    {
        assertEquals(WaitMode.BACKOFF, ShmOptions.defaults().waitMode());
        assertEquals(WaitMode.SPIN, SPIN.waitMode());
        assertThrows(NullPointerException.class, () -> ShmOptions.defaults().withWaitMode(null));
    }

    @Test
    void aSpinningIdlerShouldStillReachTheSlowChecks()
    {
        final Idle idle = Idle.spinning();
        for (int i = 0; i < Idle.SPINS; i++)
        {
            assertFalse(idle.spunOut(), "after " + i + " idles");
            idle.idle(Long.MAX_VALUE);
        }
        assertTrue(idle.spunOut(), "a spinning waiter checks dead holders after the spin phase, as a parking one");
    }

    @Test
    void spinningWaitersShouldWakeAndTimeOut() throws Exception
    {
        final String base = ShmLeakCheck.name("spin");
        try (SharedEvent event = SharedEvent.create(base + "e", SPIN);
             SharedSemaphore sem = SharedSemaphore.create(base + "s", 0, SPIN);
             SharedLock lock = SharedLock.create(base + "l", SPIN);
             SharedEvent other = SharedEvent.open(base + "e", ShmOptions.defaults()))
        {
            try
            {
                // the option reaches the handles it was given to, and only those
                assertTrue(event.segment.spins() && sem.segment.spins() && lock.segment.spins());
                assertFalse(other.segment.spins());
                assertFalse(event.await(20, TimeUnit.MILLISECONDS));
                assertFalse(sem.tryAcquire(20, TimeUnit.MILLISECONDS));
                final CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> call(() ->
                    event.await(30, TimeUnit.SECONDS) && sem.tryAcquire(30, TimeUnit.SECONDS)));
                other.set();
                sem.release();
                assertTrue(woken.get(60, TimeUnit.SECONDS));
                lock.lock();
                final CompletableFuture<Boolean> locked = CompletableFuture.supplyAsync(() -> call(() ->
                {
                    final boolean got = lock.tryLock(30, TimeUnit.SECONDS);
                    lock.unlock();
                    return got;
                }));
                Thread.sleep(10);
                lock.unlock();
                assertTrue(locked.get(60, TimeUnit.SECONDS));
            }
            finally
            {
                event.unlink();
                sem.unlink();
                lock.unlink();
            }
        }
    }

    /** What a task computes. */
    @FunctionalInterface
    private interface Task
    {
        boolean run() throws Exception;
    }

    private static boolean call(final Task task)
    {
        try
        {
            return task.run();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
