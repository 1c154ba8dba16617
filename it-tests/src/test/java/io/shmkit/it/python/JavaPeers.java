package io.shmkit.it.python;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;

/**
 * The child JVMs that work next to Python children, on the control array the Python script uses: slot 0 counts
 * ready children (or holds a holder's pid), slot 1 is the start flag.
 */
final class JavaPeers
{
    private JavaPeers()
    {
    }

    /** Wait (bounded, parking) until control[slot] == value; exit with code 4 if it never happens. */
    private static void awaitSlot(final SharedLongArray control, final int slot, final long value)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (control.get(slot) != value)
        {
            if (System.nanoTime() - deadline > 0)
            {
                System.err.println("timed out waiting for control[" + slot + "] == " + value);
                System.exit(4);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Args: array, control, rounds. As the script's {@code increment}: a[i] = a[i] + 1 under the stripe lock of i. */
    static final class Incrementer
    {
        public static void main(final String[] args)
        {
            try (SharedLongArray a = SharedLongArray.open(args[0]); SharedLongArray control = SharedLongArray.open(args[1]))
            {
                final int rounds = Integer.parseInt(args[2]);
                control.getAndAdd(0, 1);
                awaitSlot(control, 1, 1);
                for (int r = 0; r < rounds; r++)
                {
                    for (int i = 0; i < a.length(); i++)
                    {
                        final ShmLock lock = a.stripeLock(a.stripeOf(i));
                        lock.lock();
                        try
                        {
                            a.setPlain(i, a.getPlain(i) + 1);
                        }
                        finally
                        {
                            lock.unlock();
                        }
                    }
                }
            }
        }
    }

    /** Args: array, stripe, control. Takes the stripe lock, publishes its pid in control[0], waits to be killed. */
    static final class Holder
    {
        public static void main(final String[] args)
        {
            final SharedLongArray a = SharedLongArray.open(args[0]);
            final SharedLongArray control = SharedLongArray.open(args[2]);
            a.stripeLock(Integer.parseInt(args[1])).lock();
            control.set(0, ProcessHandle.current().pid());
            awaitSlot(control, 1, 1); // never set: the test kills this process first
            System.exit(3);
        }
    }
}
