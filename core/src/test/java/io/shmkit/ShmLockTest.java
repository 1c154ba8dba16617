package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class ShmLockTest
{
    private SharedLongArray array;

    @BeforeEach
    void create()
    {
        array = SharedLongArray.create(ShmLeakCheck.name("lock"), 'q', 64, ShmOptions.defaults().withStripes(4));
    }

    @AfterEach
    void remove()
    {
        array.unlink();
        array.close();
    }

    @Test
    void shouldRecordOwnerWhileHeld()
    {
        final ShmLock lock = array.stripeLock(1);
        assertFalse(lock.isLocked());
        assertNull(lock.owner());
        lock.lock();
        try
        {
            assertTrue(lock.isLocked());
            assertTrue(lock.isHeldByCurrentThread());
            assertEquals(ProcessHandle.current().pid(), lock.owner().pid());
            assertFalse(lock.ownerDied());
        }
        finally
        {
            lock.unlock();
        }
        assertFalse(lock.isLocked());
    }

    @Test
    void shouldRejectReentryInsteadOfDeadlocking()
    {
        final ShmLock lock = array.stripeLock(0);
        lock.lock();
        try
        {
            final IllegalMonitorStateException ex = assertThrows(IllegalMonitorStateException.class, lock::lock);
            assertTrue(ex.getMessage().contains("not reentrant"), ex.getMessage());
            assertThrows(IllegalMonitorStateException.class, lock::tryLock);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Test
    void shouldRejectUnlockByNonOwner() throws Exception
    {
        final ShmLock lock = array.stripeLock(0);
        assertThrows(IllegalMonitorStateException.class, lock::unlock, "free lock");
        lock.lock();
        try
        {
            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final Thread other = new Thread(() ->
            {
                try
                {
                    lock.unlock();
                }
                catch (final Throwable t)
                {
                    thrown.set(t);
                }
            });
            other.start();
            other.join();
            assertInstanceOf(IllegalMonitorStateException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains("not held by this thread"), thrown.get().getMessage());
            assertTrue(lock.isLocked(), "a failed unlock must leave the lock held");
        }
        finally
        {
            lock.unlock();
        }
    }

    @Test
    void shouldTimeOutWhileAnotherThreadHoldsIt() throws Exception
    {
        final ShmLock lock = array.stripeLock(2);
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Thread holder = new Thread(() ->
        {
            lock.lock();
            held.countDown();
            try
            {
                release.await(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                lock.unlock();
            }
        });
        holder.start();
        assertTrue(held.await(60, TimeUnit.SECONDS));
        final long start = System.nanoTime();
        assertFalse(lock.tryLock(50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= 45_000_000L);
        assertFalse(lock.tryLock());
        release.countDown();
        assertTrue(lock.tryLock(60, TimeUnit.SECONDS), "acquired once the holder released");
        lock.unlock();
        holder.join();
    }

    @Test
    void shouldBeInterruptible() throws Exception
    {
        final ShmLock lock = array.stripeLock(0);
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Thread holder = new Thread(() ->
        {
            lock.lock();
            held.countDown();
            try
            {
                done.await(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
            lock.unlock();
        });
        holder.start();
        assertTrue(held.await(60, TimeUnit.SECONDS));
        final AtomicBoolean interrupted = new AtomicBoolean();
        final Thread waiter = new Thread(() ->
        {
            try
            {
                lock.lockInterruptibly();
                lock.unlock();
            }
            catch (final InterruptedException ex)
            {
                interrupted.set(true);
            }
        });
        waiter.start();
        // interrupt it while it waits (parked in the wait loop), not before it gets there
        final long until = System.nanoTime() + 60_000_000_000L;
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.getState() != Thread.State.WAITING)
        {
            assertTrue(System.nanoTime() - until < 0, "the waiter to park");
            Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join(60_000);
        assertFalse(waiter.isAlive(), "the waiter ended");
        assertTrue(interrupted.get());
        done.countDown();
        holder.join();
    }

    @Test
    void shouldTakeOverFromADeadOwnerAndSaySo() throws Exception
    {
        final Process p = new ProcessBuilder("sleep", "600").start();
        final ProcessIdentity dead = ProcessIdentity.of(p.pid());
        assertNotNull(dead);
        p.destroyForcibly();
        p.waitFor();
        assertFalse(dead.isAlive());

        final ShmLock lock = array.stripeLock(3);
        UnsafeApi.putLongVolatile(null, array.segment.lockWordAddress(3), LockWords.encode(dead));
        assertEquals(dead.pid(), lock.owner().pid());
        assertTrue(lock.tryLock(60, TimeUnit.SECONDS));
        try
        {
            assertTrue(lock.ownerDied());
            assertEquals(1, lock.recoveries());
            assertEquals(ProcessHandle.current().pid(), lock.owner().pid());
        }
        finally
        {
            lock.unlock();
        }
        assertFalse(lock.ownerDied(), "cleared on unlock");
        lock.lock();
        assertFalse(lock.ownerDied(), "a normal acquire does not report a dead owner");
        lock.unlock();
    }

    @Test
    void shouldTreatAReusedPidAsDead()
    {
        final ProcessIdentity me = ProcessIdentity.current();
        final ProcessIdentity previous = new ProcessIdentity(me.pid(), me.startTicks() - 1);
        UnsafeApi.putLongVolatile(null, array.segment.lockWordAddress(0), LockWords.encode(previous));
        final ShmLock lock = array.stripeLock(0);
        lock.lock();
        assertTrue(lock.ownerDied());
        lock.unlock();
    }

    @Test
    void shouldTreatAGarbageWordAsDead()
    {
        UnsafeApi.putLongVolatile(null, array.segment.lockWordAddress(1), 0xDEAD_0000_0000_0000L);
        final ShmLock lock = array.stripeLock(1);
        assertTrue(lock.tryLock());
        assertTrue(lock.ownerDied());
        lock.unlock();
    }

    @Test
    void shouldExcludeThreadsOfOneProcess() throws Exception
    {
        final int threads = 4;
        final int rounds = 20_000;
        final ShmLock lock = array.stripeLock(0);
        final long[] plain = new long[1];
        final Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            ts[t] = new Thread(() ->
            {
                for (int i = 0; i < rounds; i++)
                {
                    lock.lock();
                    try
                    {
                        plain[0]++;
                        array.setPlain(0, array.getPlain(0) + 1);
                    }
                    finally
                    {
                        lock.unlock();
                    }
                }
            });
            ts[t].start();
        }
        for (final Thread t : ts)
        {
            t.join(120_000);
            assertFalse(t.isAlive(), "a worker hung");
        }
        lock.lock();
        try
        {
            assertEquals((long)threads * rounds, plain[0]);
            assertEquals((long)threads * rounds, array.get(0));
        }
        finally
        {
            lock.unlock();
        }
    }

    @Test
    void shouldTakeRangeLocksInOrderAndReleaseOnFailure() throws Exception
    {
        final RangeLock all = array.getLock();
        assertEquals(0, all.firstStripe());
        assertEquals(3, all.lastStripe());
        final ShmLock s2 = array.stripeLock(2);
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Thread holder = new Thread(() ->
        {
            s2.lock();
            held.countDown();
            try
            {
                release.await(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
            s2.unlock();
        });
        holder.start();
        assertTrue(held.await(60, TimeUnit.SECONDS));
        assertFalse(all.tryLock());
        assertFalse(all.tryLock(20, TimeUnit.MILLISECONDS));
        for (int s : new int[] {0, 1, 3})
        {
            assertFalse(array.stripeLock(s).isLocked(), "stripe " + s + " must be released after a failed tryLock");
        }
        release.countDown();
        holder.join();
        all.lock();
        try
        {
            for (int s = 0; s < 4; s++)
            {
                assertTrue(array.stripeLock(s).isHeldByCurrentThread());
            }
            array.fill(5);
            assertEquals(5 * 64, array.sum(), "bulk operations run under a held whole-array lock");
        }
        finally
        {
            all.unlock();
        }
        final RangeLock part = array.rangeLock(17, 40);
        assertEquals(1, part.firstStripe());
        assertEquals(2, part.lastStripe());
        assertThrows(IndexOutOfBoundsException.class, () -> array.rangeLock(5, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> array.rangeLock(0, 65));
    }

    @Test
    void shouldRefuseLockApisOnRawArrays()
    {
        try (SharedDoubleArray raw = SharedDoubleArray.create(
            ShmLeakCheck.name("raw"), 'd', 10, ShmOptions.defaults().withLock(false)))
        {
            assertFalse(raw.hasLocks());
            assertEquals(0, raw.stripeCount());
            final IllegalStateException ex = assertThrows(IllegalStateException.class, raw::getLock);
            assertTrue(ex.getMessage().contains("without locks"), ex.getMessage());
            assertThrows(IllegalStateException.class, () -> raw.stripeLock(0));
            raw.fill(2.0);
            assertEquals(20.0, raw.sum());
            raw.unlink();
        }
    }
}
