package io.shmkit.it.sync;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;
import io.shmkit.sync.SharedBarrier;
import io.shmkit.sync.SharedCondition;
import io.shmkit.sync.SharedEvent;
import io.shmkit.sync.SharedLock;
import io.shmkit.sync.SharedRLock;
import io.shmkit.sync.SharedSemaphore;

/**
 * The {@code main} classes the cross-process tests of {@code io.shmkit.sync} run in child JVMs. They coordinate
 * through a control array ({@code 'q'}) of flags and counters, never through sleeps, and exit with a code that says
 * what happened.
 */
final class SyncChildren
{
    /** Control: children ready. */
    static final int READY = 0;
    /** Control: 1 to start. */
    static final int GO = 1;
    /** Control: times a child saw more holders inside than permits. */
    static final int VIOLATIONS = 2;
    /** Control: times a child was told the previous owner died. */
    static final int OWNER_DIED = 3;
    /** Control: the shared counter guarded by the lock. */
    static final int COUNTER = 4;
    /** Control 8 + i: child i's progress. */
    static final int PROGRESS = 8;
    /** Control 16 + i: odd while child i is inside the semaphore (incremented on entering and on leaving). */
    static final int INSIDE = 16;
    /** Control 24 + i: child i's pid. */
    static final int PID = 24;
    /** Length of the control array. */
    static final int CONTROL_LENGTH = 32;

    /** Exit code: the barrier broke. */
    static final int EXIT_BROKEN = 3;
    /** Exit code: a timed wait timed out. */
    static final int EXIT_TIMED_OUT = 4;

    static final ShmOptions OPTIONS = ShmOptions.defaults();

    private SyncChildren()
    {
    }

    static void ready(final SharedLongArray control, final int me)
    {
        control.set(PID + me, ProcessIdentity.current().pid());
        control.incrementAndGet(READY);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (control.get(GO) == 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                System.err.println("never told to go");
                System.exit(9);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Increment the counter under a lock. Args: lock|rlock, lock name, control, rounds, index. */
    static final class LockIncrementer
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final boolean reentrant = "rlock".equals(args[0]);
            final int rounds = Integer.parseInt(args[3]);
            final int me = Integer.parseInt(args[4]);
            try (SharedLongArray control = SharedLongArray.open(args[2]))
            {
                final AutoCloseable handle;
                final Lock lock;
                if (reentrant)
                {
                    final SharedRLock r = SharedRLock.open(args[1], OPTIONS);
                    handle = r;
                    lock = r;
                }
                else
                {
                    final SharedLock l = SharedLock.open(args[1], OPTIONS);
                    handle = l;
                    lock = l;
                }
                ready(control, me);
                for (int r = 0; r < rounds; r++)
                {
                    if (!lock.tryLock(120, TimeUnit.SECONDS))
                    {
                        System.exit(EXIT_TIMED_OUT);
                    }
                    try
                    {
                        if (reentrant)
                        {
                            lock.lock(); // a second hold, released below
                        }
                        if (reentrant ? ((SharedRLock)lock).ownerDied() : ((SharedLock)lock).ownerDied())
                        {
                            control.incrementAndGet(OWNER_DIED);
                        }
                        final long c = control.getPlain(COUNTER);
                        for (int spin = 0; spin < 50; spin++)
                        {
                            Thread.onSpinWait(); // a wider window for a kill inside the critical section
                        }
                        control.setPlain(COUNTER, c + 1);
                        if (reentrant)
                        {
                            lock.unlock();
                        }
                    }
                    finally
                    {
                        lock.unlock();
                    }
                    control.setRelease(PROGRESS + me, r + 1);
                }
                handle.close();
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** Take a permit, count who is inside, give it back. Args: semaphore, control, rounds, index, permits. */
    static final class SemaphoreUser
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final int rounds = Integer.parseInt(args[2]);
            final int me = Integer.parseInt(args[3]);
            final int permits = Integer.parseInt(args[4]);
            try (SharedLongArray control = SharedLongArray.open(args[1]);
                 SharedSemaphore sem = SharedSemaphore.open(args[0], OPTIONS))
            {
                ready(control, me);
                for (int r = 0; r < rounds; r++)
                {
                    if (!sem.tryAcquire(120, TimeUnit.SECONDS))
                    {
                        System.exit(EXIT_TIMED_OUT);
                    }
                    control.incrementAndGet(INSIDE + me);
                    if (inside(control, me) > permits)
                    {
                        control.incrementAndGet(VIOLATIONS);
                    }
                    control.incrementAndGet(INSIDE + me);
                    sem.release();
                    control.setRelease(PROGRESS + me, r + 1);
                }
            }
        }
    }

    /**
     * How many live children are inside the semaphore at one instant: a double collect of the children's
     * enter/leave counters (two equal reads of all of them; the counters never repeat a value, so the state existed
     * between the reads). A killed child's counter stays odd: only live children count. Returns 0 if the children
     * move too fast for a clean collect (no verdict then).
     */
    static int inside(final SharedLongArray control, final int me)
    {
        final long[] first = new long[8];
        for (int attempt = 0; attempt < 100; attempt++)
        {
            for (int j = 0; j < first.length; j++)
            {
                first[j] = control.get(INSIDE + j);
            }
            boolean same = true;
            for (int j = 0; j < first.length && same; j++)
            {
                same = control.get(INSIDE + j) == first[j];
            }
            if (same)
            {
                int inside = 0;
                for (int j = 0; j < first.length; j++)
                {
                    final long pid = control.get(PID + j);
                    if ((first[j] & 1) == 1 && (j == me || (pid > 0 && null != ProcessIdentity.of(pid))))
                    {
                        inside++;
                    }
                }
                return inside;
            }
        }
        return 0;
    }

    /** Wait at a barrier for several generations. Args: barrier, control, generations, index, timeout ms. */
    static final class BarrierParty
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final int generations = Integer.parseInt(args[2]);
            final int me = Integer.parseInt(args[3]);
            final long timeoutMs = Long.parseLong(args[4]);
            try (SharedLongArray control = SharedLongArray.open(args[1]);
                 SharedBarrier barrier = SharedBarrier.open(args[0], () -> control.incrementAndGet(COUNTER), OPTIONS))
            {
                ready(control, me);
                for (int g = 0; g < generations; g++)
                {
                    try
                    {
                        barrier.await(timeoutMs, TimeUnit.MILLISECONDS);
                    }
                    catch (final BrokenBarrierException ex)
                    {
                        System.err.println(ex.getMessage());
                        System.exit(EXIT_BROKEN);
                    }
                    catch (final TimeoutException ex)
                    {
                        System.err.println(ex.getMessage());
                        System.exit(EXIT_TIMED_OUT);
                    }
                    control.setRelease(PROGRESS + me, g + 1);
                }
            }
        }
    }

    /**
     * Producer or consumer of numbered items through one slot (control COUNTER) under a condition. Args: condition,
     * control, items, index, "producer" or "consumer", longest wait for the partner in ms.
     */
    static final class ConditionParty
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final int items = Integer.parseInt(args[2]);
            final int me = Integer.parseInt(args[3]);
            final boolean producer = "producer".equals(args[4]);
            final long patienceMs = Long.parseLong(args[5]);
            try (SharedLongArray control = SharedLongArray.open(args[1]);
                 SharedCondition cond = SharedCondition.open(args[0], OPTIONS))
            {
                ready(control, me);
                for (int i = 1; i <= items; i++)
                {
                    final long want = producer ? -(i - 1) : i;
                    cond.getLock().lock();
                    try
                    {
                        // a bounded wait: a dead partner must not keep us forever
                        if (!cond.awaitUntil(() -> control.getPlain(COUNTER) == want, patienceMs,
                            TimeUnit.MILLISECONDS))
                        {
                            System.exit(EXIT_TIMED_OUT);
                        }
                        control.setPlain(COUNTER, producer ? i : -i);
                        cond.signalAll();
                    }
                    finally
                    {
                        cond.getLock().unlock();
                    }
                    control.setRelease(PROGRESS + me, i);
                }
            }
        }
    }

    /**
     * Take a primitive and hold it until killed: "lock" locks a SharedLock, "rlock" locks a SharedRLock twice,
     * "semaphore" takes two permits. Args: kind, name, control.
     */
    static final class Holder
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final SharedLongArray control = SharedLongArray.open(args[2]);
            switch (args[0])
            {
                case "lock" -> SharedLock.open(args[1], OPTIONS).lock();
                case "rlock" ->
                {
                    final SharedRLock r = SharedRLock.open(args[1], OPTIONS);
                    r.lock();
                    r.lock();
                }
                default ->
                {
                    final SharedSemaphore s = SharedSemaphore.open(args[1], OPTIONS);
                    s.acquire();
                    s.acquire();
                }
            }
            control.set(PID, ProcessIdentity.current().pid());
            control.incrementAndGet(READY);
            while (true)
            {
                LockSupport.parkNanos(1_000_000_000L); // until killed
            }
        }
    }

    /**
     * Wait for an event, bounded (exit 0 if set, 4 if timed out), or, as "setter", set it once control COUNTER is 1.
     * Args: event, control, index, timeout ms, "waiter" or "setter".
     */
    static final class EventParty
    {
        public static void main(final String[] args) throws InterruptedException
        {
            try (SharedLongArray control = SharedLongArray.open(args[1]);
                 SharedEvent event = SharedEvent.open(args[0], OPTIONS))
            {
                ready(control, Integer.parseInt(args[2]));
                if ("setter".equals(args[4]))
                {
                    while (control.get(COUNTER) != 1)
                    {
                        LockSupport.parkNanos(100_000);
                    }
                    event.set();
                    return;
                }
                System.exit(event.await(Long.parseLong(args[3]), TimeUnit.MILLISECONDS) ? 0 : EXIT_TIMED_OUT);
            }
        }
    }
}
