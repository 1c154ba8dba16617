package io.shmkit.it.foundation;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * The {@code main} classes that cross-process tests run in child JVMs. They coordinate with the test through
 * a control array ({@code 'q'}) of flags and counters, never through sleeps.
 */
final class Children
{
    /** Control slot: children that are ready. */
    static final int READY = 0;
    /** Control slot: set to 1 by the test to let children start. */
    static final int GO = 1;
    /** Control slot: pid of a child that holds a lock. */
    static final int HELD_BY = 2;
    /** Control slot: a taker's verdict: 1 acquired normally, 2 acquired from a dead owner, -1 timed out. */
    static final int TOOK = 3;
    /** Control slot: a creator has created its segment. */
    static final int CREATED = 4;
    /** Control slots 8..: per-child progress counters. */
    static final int PROGRESS = 8;
    /** Length of a control array. */
    static final int CONTROL_LENGTH = 32;

    private Children()
    {
    }

    /** Wait (bounded, parking) until control[slot] == value; exit with code 4 if it never happens. */
    static void awaitSlot(final SharedLongArray control, final int slot, final long value)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (control.get(slot) != value)
        {
            if (System.nanoTime() - deadline > 0)
            {
                System.err.println("child timed out waiting for control[" + slot + "] == " + value);
                System.exit(4);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Negate a double array in place: Python's classic example. Args: array. */
    static final class Negator
    {
        public static void main(final String[] args)
        {
            try (SharedDoubleArray a = SharedDoubleArray.open(args[0]))
            {
                a.negate();
            }
        }
    }

    /**
     * Increment every element {@code rounds} times, taking the stripe lock for each increment (or each stripe
     * for even rounds), recording progress after each unlock. Args: array, control, rounds, child index.
     */
    static final class Incrementer
    {
        public static void main(final String[] args)
        {
            final int rounds = Integer.parseInt(args[2]);
            final int me = Integer.parseInt(args[3]);
            try (SharedLongArray a = SharedLongArray.open(args[0]);
                 SharedLongArray control = SharedLongArray.open(args[1]))
            {
                control.incrementAndGet(READY);
                awaitSlot(control, GO, 1);
                long done = 0;
                for (int r = 0; r < rounds; r++)
                {
                    if ((r & 1) == 0)
                    {
                        for (int s = 0; s < a.stripeCount(); s++)
                        {
                            final long from = Math.min(a.length(), s * a.stripeLength());
                            final long to = Math.min(a.length(), from + a.stripeLength());
                            final ShmLock lock = a.stripeLock(s);
                            lock.lock();
                            try
                            {
                                for (long i = from; i < to; i++)
                                {
                                    a.setPlain(i, a.getPlain(i) + 1);
                                }
                            }
                            finally
                            {
                                lock.unlock();
                            }
                            done += to - from;
                            control.setRelease(PROGRESS + me, done);
                        }
                    }
                    else
                    {
                        for (long i = 0; i < a.length(); i++)
                        {
                            final long at = i;
                            a.withStripeLock(at, () -> a.setPlain(at, a.getPlain(at) + 1));
                            control.setRelease(PROGRESS + me, ++done);
                        }
                    }
                }
            }
        }
    }

    /** Take a stripe lock, announce it, and wait to be killed. Args: array, control, stripe. */
    static final class LockHolder
    {
        public static void main(final String[] args)
        {
            final SharedLongArray a = SharedLongArray.open(args[0]);
            final SharedLongArray control = SharedLongArray.open(args[1]);
            final ShmLock lock = a.stripeLock(Integer.parseInt(args[2]));
            lock.lock();
            a.set(0, 12345);
            control.set(HELD_BY, ProcessIdentity.current().pid());
            awaitSlot(control, GO, 1);
            lock.unlock();
        }
    }

    /** Try to take a stripe lock and report how. Args: array, control, stripe. */
    static final class LockTaker
    {
        public static void main(final String[] args) throws InterruptedException
        {
            try (SharedLongArray a = SharedLongArray.open(args[0]);
                 SharedLongArray control = SharedLongArray.open(args[1]))
            {
                final ShmLock lock = a.stripeLock(Integer.parseInt(args[2]));
                if (lock.tryLock(120, TimeUnit.SECONDS))
                {
                    control.set(TOOK, lock.ownerDied() ? 2 : 1);
                    lock.unlock();
                }
                else
                {
                    control.set(TOOK, -1);
                }
            }
        }
    }

    /**
     * Create a segment, announce it, wait for GO, then exit normally. Args: name, "persistent" or "temporary",
     * control, root directory.
     */
    static final class Creator
    {
        public static void main(final String[] args)
        {
            final ShmOptions options = ShmOptions.defaults().withRoot(java.nio.file.Path.of(args[3]))
                .withPersistent("persistent".equals(args[1]));
            final SharedDoubleArray a = SharedDoubleArray.create(args[0], 'd', 100, options);
            a.fill(7.0);
            try (SharedLongArray control = SharedLongArray.open(args[2]))
            {
                control.set(CREATED, 1);
                awaitSlot(control, GO, 1);
            }
        }
    }

    /** Open a segment in a JVM started without the required flag; report the error. Args: name. */
    static final class WithoutFlag
    {
        public static void main(final String[] args)
        {
            try
            {
                SharedDoubleArray.open(args[0]).close();
                System.exit(0);
            }
            catch (final IllegalStateException ex)
            {
                System.err.println(ex.getMessage());
                System.exit(3);
            }
        }
    }
}
