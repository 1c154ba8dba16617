package io.shmkit.bench.interop;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;

/**
 * Increments a shared value {@code n} times under its lock, started by {@code bench/python/interop_bench.py} next
 * to a Python process doing the same. Control array ({@code 'q'}): slot 0 counts ready workers, slot 1 is the start
 * flag the script sets.
 *
 * <p>HOW TO RUN: through the script ({@code python3 bench/python/interop_bench.py}, see bench/README.md); by hand,
 * {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * io.shmkit.bench.interop.LockedIncrementer VALUE CONTROL N}.
 */
public final class LockedIncrementer
{
    private LockedIncrementer()
    {
    }

    /**
     * Run.
     *
     * @param args value name, control array name, increments.
     */
    public static void main(final String[] args)
    {
        try (SharedLong value = SharedLong.open(args[0]); SharedLongArray control = SharedLongArray.open(args[1]))
        {
            final long n = Long.parseLong(args[2]);
            final ShmLock lock = value.getLock();
            control.getAndAdd(0, 1);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (control.get(1) != 1)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    System.err.println("no start flag within 120 s");
                    System.exit(4);
                }
                LockSupport.parkNanos(50_000);
            }
            for (long i = 0; i < n; i++)
            {
                lock.lock();
                try
                {
                    value.set(value.get() + 1);
                }
                finally
                {
                    lock.unlock();
                }
            }
        }
    }
}
