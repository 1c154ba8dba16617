package io.shmkit.it.python;

import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.it.Await;

/**
 * The child JVMs that work next to Python children, on the control array the Python script uses: slot 0 counts
 * ready children (or holds a holder's pid), slot 1 is the start flag.
 */
final class JavaPeers
{
    private JavaPeers()
    {
    }

    /** Wait (bounded) until control[slot] == value; an AssertionError ends the child with a failure otherwise. */
    private static void awaitSlot(final SharedLongArray control, final int slot, final long value)
    {
        Await.until(120, () -> control.get(slot) == value, () -> "control[" + slot + "] == " + value);
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
