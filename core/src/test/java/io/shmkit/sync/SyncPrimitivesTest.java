package io.shmkit.sync;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Field;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.lock.RobustLock;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class SyncPrimitivesTest
{
    private static final ShmOptions OPTIONS = ShmOptions.defaults();
    private final java.util.List<SyncObject> made = new java.util.ArrayList<>();

    private <T extends SyncObject> T made(final T o)
    {
        made.add(o);
        return o;
    }

    @AfterEach
    void remove()
    {
        for (final SyncObject o : made)
        {
            o.unlink();
            o.close();
        }
    }

    private static Thread start(final Runnable r)
    {
        final Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void lockShouldExcludeAndRejectMisuse() throws Exception
    {
        final SharedLock lock = made(SharedLock.create(ShmLeakCheck.name("lock"), OPTIONS));
        assertThrows(IllegalMonitorStateException.class, lock::unlock, "releasing an unheld lock");
        lock.lock();
        assertThrows(IllegalMonitorStateException.class, lock::lock, "not reentrant");
        assertTrue(lock.isLocked());
        assertTrue(lock.isOwnerAlive());
        assertEquals(ProcessIdentity.current().pid(), lock.owner().pid());
        try (SharedLock other = SharedLock.open(lock.name(), OPTIONS))
        {
            assertFalse(other.tryLock(), "another handle waits like another process");
            assertFalse(other.tryLock(20, TimeUnit.MILLISECONDS));
            lock.unlock();
            assertTrue(other.tryLock(10, TimeUnit.SECONDS));
            other.unlock();
        }
        lock.close();
        assertThrows(IllegalStateException.class, lock::lock, "closed");
    }

    @Test
    void lockShouldBeTakenOverFromADeadOwner() throws Exception
    {
        final SharedLock lock = made(SharedLock.create(ShmLeakCheck.name("dead"), OPTIONS));
        UnsafeApi.putLongVolatile(null, lock.segment.slotAddress(0),
            LockWords.encode(deadProcess()));
        assertFalse(lock.isOwnerAlive());
        assertTrue(lock.tryLock(0, TimeUnit.SECONDS), "a zero timeout still takes a dead owner's lock over");
        assertTrue(lock.ownerDied());
        assertEquals(1, lock.recoveries());
        lock.unlock();
    }

    @Test
    void shouldRejectTheWrongKind()
    {
        final SharedLock lock = made(SharedLock.create(ShmLeakCheck.name("kind"), OPTIONS));
        final SegmentFormatException ex = assertThrows(SegmentFormatException.class,
            () -> SharedSemaphore.open(lock.name(), OPTIONS));
        assertTrue(ex.getMessage().contains("holds a lock, not a semaphore"), ex.getMessage());
        assertThrows(SegmentFormatException.class, () -> SharedEvent.open(lock.name(), OPTIONS));
    }

    @Test
    void rlockShouldCountHolds() throws Exception
    {
        final SharedRLock lock = made(SharedRLock.create(ShmLeakCheck.name("rlock"), OPTIONS));
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
        lock.lock();
        assertTrue(lock.tryLock());
        lock.lock();
        assertEquals(3, lock.getHoldCount());
        final AtomicReference<Boolean> got = new AtomicReference<>();
        start(() -> got.set(lock.tryLock())).join();
        assertFalse(got.get(), "another thread cannot take it");
        lock.unlock();
        lock.unlock();
        assertEquals(1, lock.getHoldCount());
        assertNotNull(lock.owner());
        lock.unlock();
        assertEquals(0, lock.getHoldCount());
        assertNull(lock.owner());
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void semaphoreShouldCountAndBound() throws Exception
    {
        assertThrows(IllegalArgumentException.class,
            () -> SharedSemaphore.create(ShmLeakCheck.name("neg"), -1, OPTIONS));
        final SharedSemaphore s = made(SharedSemaphore.createBounded(ShmLeakCheck.name("sem"), 2, OPTIONS));
        assertTrue(s.isBounded());
        assertThrows(IllegalStateException.class, s::release, "over-releasing a bounded semaphore");
        assertTrue(s.tryAcquire());
        assertTrue(s.tryAcquire(0, TimeUnit.SECONDS));
        assertFalse(s.tryAcquire());
        assertFalse(s.tryAcquire(20, TimeUnit.MILLISECONDS));
        assertEquals(0, s.availablePermits());
        final CountDownLatch waiting = new CountDownLatch(1);
        final AtomicReference<Boolean> got = new AtomicReference<>();
        final Thread t = start(() ->
        {
            waiting.countDown();
            try
            {
                got.set(s.tryAcquire(30, TimeUnit.SECONDS));
            }
            catch (final InterruptedException ex)
            {
                got.set(null);
            }
        });
        assertTrue(waiting.await(30, TimeUnit.SECONDS));
        s.release();
        t.join(30_000);
        assertEquals(Boolean.TRUE, got.get());
        s.release(2);
        assertEquals(2, s.availablePermits());
        assertThrows(IllegalArgumentException.class, () -> s.release(0));

        final SharedSemaphore free = made(SharedSemaphore.create(ShmLeakCheck.name("unb"), 0, OPTIONS));
        free.release(5);
        assertEquals(5, free.availablePermits(), "an unbounded semaphore takes any release");
    }

    @Test
    void semaphoreShouldGiveBackADeadHoldersPermits() throws Exception
    {
        final SharedSemaphore s = made(SharedSemaphore.create(ShmLeakCheck.name("reclaim"), 3, OPTIONS));
        assertTrue(s.tryAcquire());
        // a dead process holding two permits, as if it had taken them and been killed
        final SyncSegment seg = s.segment;
        seg.set(SemaphoreDescriptor.VALUE_OFFSET, 0);
        seg.set(SemaphoreDescriptor.entryOffset(1), LockWords.encode(deadProcess()));
        seg.set(SemaphoreDescriptor.entryOffset(1) + Long.BYTES, 2);
        assertTrue(s.tryAcquire(10, TimeUnit.SECONDS), "the dead holder's permits came back");
        assertEquals(2, s.reclaimed());
        assertEquals(1, s.availablePermits());
    }

    @Test
    void semaphoreShouldGiveBackADeadHoldersPermitsAfterALongLifeOfSignals() throws Exception
    {
        final SharedSemaphore s = made(SharedSemaphore.create(ShmLeakCheck.name("signals"), 0, OPTIONS));
        final SyncSegment seg = s.segment;
        for (int i = 0; i < 1000; i++)
        {
            s.release(); // a producer signalling: this process holds no permit, nobody does
        }
        assertEquals(1000, s.availablePermits());
        assertEquals(0, seg.get(SemaphoreDescriptor.UNOWNED_OFFSET),
            "releases beyond the permits recorded as held are signals, not counted as unowned");
        // a dead process holding two permits, as if it had taken them and been killed
        seg.set(SemaphoreDescriptor.VALUE_OFFSET, 0);
        seg.set(SemaphoreDescriptor.entryOffset(1), LockWords.encode(deadProcess()));
        seg.set(SemaphoreDescriptor.entryOffset(1) + Long.BYTES, 2);
        assertTrue(s.tryAcquire(10, TimeUnit.SECONDS), "the dead holder's permits came back");
        assertEquals(2, s.reclaimed(), "1000 old releases by a non-holder must not absorb them");
        assertEquals(1, s.availablePermits());
    }

    @Test
    void eventShouldWakeWaiters() throws Exception
    {
        final SharedEvent e = made(SharedEvent.create(ShmLeakCheck.name("event"), OPTIONS));
        assertFalse(e.isSet());
        assertFalse(e.await(10, TimeUnit.MILLISECONDS));
        final AtomicInteger woke = new AtomicInteger();
        final Thread[] ts = new Thread[3];
        for (int i = 0; i < ts.length; i++)
        {
            ts[i] = start(() ->
            {
                try
                {
                    if (e.await(30, TimeUnit.SECONDS))
                    {
                        woke.incrementAndGet();
                    }
                }
                catch (final InterruptedException ignore)
                {
                    // counted as not woken
                }
            });
        }
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (e.waiters() < ts.length && System.nanoTime() < until)
        {
            Thread.sleep(1);
        }
        e.set();
        for (final Thread t : ts)
        {
            t.join(30_000);
        }
        assertEquals(3, woke.get());
        assertTrue(e.await(0, TimeUnit.SECONDS));
        e.clear();
        assertFalse(e.isSet());
        e.close();
        assertThrows(IllegalStateException.class, () -> e.await(1, TimeUnit.SECONDS), "waiting on a closed object");
    }

    @Test
    void conditionShouldHandOverItems() throws Exception
    {
        final SharedCondition c = made(SharedCondition.create(ShmLeakCheck.name("cond"), OPTIONS));
        assertThrows(IllegalMonitorStateException.class, c::signal, "signal without the lock");
        assertThrows(IllegalMonitorStateException.class, () -> c.await(1, TimeUnit.SECONDS), "await without it");
        final long[] box = new long[1];
        final int items = 200;
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final Thread consumer = start(() ->
        {
            try
            {
                for (int i = 1; i <= items; i++)
                {
                    c.getLock().lock();
                    try
                    {
                        final int want = i;
                        assertTrue(c.awaitUntil(() -> box[0] == want, 30, TimeUnit.SECONDS), "item " + i);
                        box[0] = -want;
                        c.signalAll();
                    }
                    finally
                    {
                        c.getLock().unlock();
                    }
                }
            }
            catch (final Throwable t)
            {
                failed.set(t);
            }
        });
        for (int i = 1; i <= items; i++)
        {
            c.getLock().lock();
            try
            {
                final int prev = i - 1;
                assertTrue(c.awaitUntil(() -> box[0] == -prev, 30, TimeUnit.SECONDS), "consumed " + prev);
                box[0] = i;
                c.signal();
            }
            finally
            {
                c.getLock().unlock();
            }
        }
        consumer.join(60_000);
        assertNull(failed.get());
        c.getLock().lock();
        assertFalse(c.await(10, TimeUnit.MILLISECONDS), "no signal: timed out, lock held again");
        c.getLock().unlock();
    }

    @Test
    void barrierShouldTripBreakAndReset() throws Exception
    {
        assertThrows(IllegalArgumentException.class,
            () -> SharedBarrier.create(ShmLeakCheck.name("b0"), 0, null, OPTIONS));
        final AtomicInteger actions = new AtomicInteger();
        final SharedBarrier b = made(SharedBarrier.create(ShmLeakCheck.name("bar"), 3, actions::incrementAndGet,
            OPTIONS));
        final AtomicInteger indexSum = new AtomicInteger();
        for (int generation = 0; generation < 3; generation++)
        {
            final Thread[] ts = new Thread[3];
            for (int i = 0; i < 3; i++)
            {
                ts[i] = start(() ->
                {
                    try
                    {
                        indexSum.addAndGet(b.await(30, TimeUnit.SECONDS));
                    }
                    catch (final Exception ex)
                    {
                        indexSum.addAndGet(-1000);
                    }
                });
            }
            for (final Thread t : ts)
            {
                t.join(60_000);
            }
        }
        assertEquals(3 * (0 + 1 + 2), indexSum.get(), "indexes 0, 1, 2 per generation");
        assertEquals(3, actions.get(), "one action per generation");

        final AtomicReference<Throwable> other = new AtomicReference<>();
        final Thread waiter = start(() ->
        {
            try
            {
                b.await(30, TimeUnit.SECONDS);
            }
            catch (final Throwable t)
            {
                other.set(t);
            }
        });
        assertThrows(TimeoutException.class, () ->
        {
            while (b.getNumberWaiting() < 1)
            {
                Thread.sleep(1);
            }
            b.await(50, TimeUnit.MILLISECONDS);
        });
        waiter.join(30_000);
        assertInstanceOf(BrokenBarrierException.class, other.get(), "the other party sees it broken");
        assertTrue(b.isBroken());
        assertThrows(BrokenBarrierException.class, () -> b.await(1, TimeUnit.SECONDS));
        b.reset();
        assertFalse(b.isBroken());
        assertEquals(0, b.getNumberWaiting());
    }

    @Test
    void barrierShouldBreakForADeadMember() throws Exception
    {
        final SharedBarrier b = made(SharedBarrier.create(ShmLeakCheck.name("deadbar"), 2, null, OPTIONS));
        b.segment.set(BarrierDescriptor.memberOffset(5), LockWords.encode(deadProcess()));
        final BrokenBarrierException ex = assertThrows(BrokenBarrierException.class,
            () -> b.await(30, TimeUnit.SECONDS));
        assertTrue(ex.getMessage().contains("died"), ex.getMessage());
        b.reset();
        assertFalse(b.isBroken(), "the dead member is forgotten");
    }

    /** Whether the stack is in {@link RobustLock} called from SharedBarrier.over (its slow poll's lock). */
    private static boolean waitsForTheLockInsideOver(final StackTraceElement[] stack)
    {
        for (int k = 0; k < stack.length; k++)
        {
            if (stack[k].getClassName().equals(SharedBarrier.class.getName()) &&
                stack[k].getMethodName().equals("over"))
            {
                return k > 0 && stack[k - 1].getClassName().startsWith(RobustLock.class.getName());
            }
        }
        return false;
    }

    @Test
    void aWaiterWhoseGenerationWasResetShouldThrowEvenIfTheNextOneBreaksBeforeItLooks() throws Exception
    {
        final SharedBarrier b = made(SharedBarrier.create(ShmLeakCheck.name("resetbar"), 2, null, OPTIONS));
        for (int round = 0; round < 10; round++)
        {
            final AtomicReference<Object> outcome = new AtomicReference<>();
            final Thread waiter = start(() ->
            {
                try
                {
                    outcome.set(b.await(30, TimeUnit.SECONDS));
                }
                catch (final Exception ex)
                {
                    outcome.set(ex);
                }
            });
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (b.getNumberWaiting() < 1)
            {
                assertTrue(System.nanoTime() < deadline, "the waiter arrives");
                Thread.yield();
            }
            b.reset(); // the waiter's generation ends by reset...
            b.abort(); // ...and the next one breaks, usually before the waiter's next poll
            waiter.join(TimeUnit.SECONDS.toMillis(30));
            assertInstanceOf(BrokenBarrierException.class, outcome.get(), "round " + round + ": its generation " +
                "was reset, not tripped: " + outcome.get());
            b.reset();
        }
    }

    @Test
    void theEndOfAGenerationShouldBeKeptFor64Generations() throws Exception
    {
        final SharedBarrier b = made(SharedBarrier.create(ShmLeakCheck.name("ends"), 1, null, OPTIONS));
        final long g0 = b.segment.get(BarrierDescriptor.GENERATION_OFFSET);
        assertFalse(b.tripped(g0), "the current generation has not ended");
        assertEquals(0, b.await(), "one party: it trips at once");
        b.reset();
        b.abort();
        assertTrue(b.tripped(g0), "generation 0 tripped, whatever came after");
        assertFalse(b.tripped(g0 + 1), "generation 1 was reset");
        b.reset(); // generation 2, broken by the abort, is reset too
        for (int i = 0; i < BarrierDescriptor.ENDS_KEPT - 3; i++)
        {
            assertEquals(0, b.await());
        }
        assertEquals(g0 + BarrierDescriptor.ENDS_KEPT, b.segment.get(BarrierDescriptor.GENERATION_OFFSET));
        assertTrue(b.tripped(g0), "64 generations on: still known");
        assertFalse(b.tripped(g0 + 1));
        assertEquals(0, b.await());
        assertFalse(b.tripped(g0), "65 on: no longer known, taken for broken (never a false pass)");
        assertFalse(b.tripped(g0 + 2), "generation 2 broke, then was reset");
        assertTrue(b.tripped(g0 + 3), "generation 3, after the resets, tripped");
    }

    @Test
    void aDeadMemberFoundAsItsGenerationTripsShouldStillBreakTheNextOne() throws Exception
    {
        final SharedBarrier b = made(SharedBarrier.create(ShmLeakCheck.name("deadtrip"), 2, null, OPTIONS));
        final long deadWord = LockWords.encode(deadProcess());
        final Field f = SharedBarrier.class.getDeclaredField("lock");
        f.setAccessible(true);
        final RobustLock lock = (RobustLock)f.get(b);
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final Thread waiter = new Thread(() ->
        {
            try
            {
                outcome.set(b.await(30, TimeUnit.SECONDS));
            }
            catch (final Exception ex)
            {
                outcome.set(ex);
            }
        });
        waiter.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (b.getNumberWaiting() < 1)
        {
            assertTrue(System.nanoTime() < deadline, "the waiter arrives");
            Thread.yield();
        }
        lock.acquire(Long.MAX_VALUE, false);
        try
        {
            // a member that arrived, then died: the waiter's next slow poll finds it and waits for the lock
            b.segment.set(BarrierDescriptor.memberOffset(5), deadWord);
            // one snapshot: the lock taken inside over(), which takes it only once it has found a dead member
            while (!waitsForTheLockInsideOver(waiter.getStackTrace()))
            {
                assertTrue(System.nanoTime() < deadline, "the waiter's slow poll reaches the lock");
                Thread.yield();
            }
            // meanwhile the dead member's generation trips (it had arrived before it died): as trip() does
            b.segment.set(BarrierDescriptor.COUNT_OFFSET, 0);
            b.segment.getAndAdd(BarrierDescriptor.GENERATION_OFFSET, 1);
        }
        finally
        {
            lock.release();
        }
        waiter.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(0, outcome.get(), "the tripped generation lets its waiter go");
        assertEquals(deadWord, b.segment.get(BarrierDescriptor.memberOffset(5)),
            "the dead member stays recorded, since its generation was not broken");
        final BrokenBarrierException ex = assertThrows(BrokenBarrierException.class,
            () -> b.await(30, TimeUnit.SECONDS), "the next generation breaks instead of waiting for the dead");
        assertTrue(ex.getMessage().contains("died"), ex.getMessage());
    }

    static ProcessIdentity deadProcess() throws Exception
    {
        final Process p = new ProcessBuilder("sleep", "600").start();
        final ProcessIdentity id = ProcessIdentity.of(p.pid());
        p.destroyForcibly();
        p.waitFor();
        return id;
    }
}
