package io.shmkit.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/** The wake flags' states and the parent's take-once duty (docs/layout.md, "The wake flags"). */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class WakeFlagsTest
{
    /** A wait for a wake-up this long while a request waits is a lost wake-up. */
    private static final long LOST_AFTER_SECONDS = 5;
    @Test
    void theParentShouldWakeAnAsleepWorkerExactlyOnce()
    {
        final String name = ShmLeakCheck.name("wake");
        try (WakeFlags parent = WakeFlags.create(name, 3, ShmOptions.defaults());
             WakeFlags worker = WakeFlags.open(name, ShmOptions.defaults());
             SharedLongArray raw = SharedLongArray.open(name))
        {
            try
            {
                assertEquals(3, raw.length());
                assertFalse(parent.takeSleeper(1), "a new flag is AWAKE: nobody to wake");
                worker.asleep(1);
                assertEquals(WakeFlags.ASLEEP, raw.get(1), "the worker's own element, 8 bytes each");
                assertEquals(WakeFlags.AWAKE, raw.get(0) + raw.get(2), "the others untouched");
                assertTrue(parent.takeSleeper(1), "the first writer takes the duty to wake it");
                assertFalse(parent.takeSleeper(1), "and only the first: one wake-up per sleep");
                assertEquals(WakeFlags.AWAKE, raw.get(1));
                worker.asleep(2);
                worker.awake(2);
                assertFalse(parent.takeSleeper(2), "a worker that woke by itself needs no wake-up");
            }
            finally
            {
                parent.unlink();
            }
        }
    }

    /**
     * The two halves of the protocol ({@link WakeFlags#sleep}, then {@link WakeFlags#takeSleeper}) on two threads,
     * with a counter for the queue and a semaphore for the wake channel. The worker sleeps as soon as it finds no
     * request and the parent writes the next one as soon as the last is taken, so the two race through the window
     * between the worker's last look at its queue and its sleep thousands of times: a protocol that loses a wake-up
     * there (without the second look, say) leaves a request waiting until the wake channel's time limit.
     */
    @Test
    void noRequestShouldWaitForASleepingWorker() throws Exception
    {
        final String name = ShmLeakCheck.name("wakerace");
        try (WakeFlags parent = WakeFlags.create(name, 1, ShmOptions.defaults());
             WakeFlags worker = WakeFlags.open(name, ShmOptions.defaults()))
        {
            final AtomicLong written = new AtomicLong();
            final AtomicLong taken = new AtomicLong();
            final AtomicLong sleeps = new AtomicLong();
            final AtomicLong lost = new AtomicLong();
            final Semaphore channel = new Semaphore(0);
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread loop = new Thread(() ->
            {
                while (!stop.get())
                {
                    if (taken.get() < written.get())
                    {
                        taken.incrementAndGet();
                        continue;
                    }
                    worker.sleep(0, () -> taken.get() < written.get(), () ->
                    {
                        sleeps.incrementAndGet();
                        try
                        {
                            if (!channel.tryAcquire(LOST_AFTER_SECONDS, TimeUnit.SECONDS) &&
                                taken.get() < written.get())
                            {
                                lost.incrementAndGet();
                            }
                        }
                        catch (final InterruptedException ex)
                        {
                            return false;
                        }
                        return true;
                    });
                }
            }, "wake-race-worker");
            loop.setDaemon(true);
            loop.start();
            try
            {
                final int rounds = 20_000;
                for (int i = 1; i <= rounds; i++)
                {
                    written.set(i);
                    if (parent.takeSleeper(0))
                    {
                        channel.release();
                    }
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (taken.get() < i)
                    {
                        assertEquals(0, lost.get(), "request " + i + " waited for a sleeping worker");
                        assertTrue(System.nanoTime() - deadline < 0, "request " + i + " was not taken");
                        Thread.yield();
                    }
                }
                assertEquals(0, lost.get());
                assertTrue(sleeps.get() >= rounds / 100, "the worker must sleep to test its waking: " + sleeps);
            }
            finally
            {
                stop.set(true);
                channel.release();
                loop.join(TimeUnit.SECONDS.toMillis(LOST_AFTER_SECONDS * 2));
                parent.unlink();
            }
        }
    }
}
