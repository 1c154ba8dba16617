package io.shmkit.process;

import io.shmkit.SharedArray;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * The part of the class-data training run that every child shares, whatever its task: creating, opening, reading,
 * writing and locking values and arrays of both families, as a child does with what its parent hands over. The
 * classes this loads go into the archive, so a child that opens a shared object at start finds them there (without
 * it a child of a task that does not override {@link ChildTask#train} started 35 ms slower than with it).
 *
 * <p><b>Note:</b> runs once, on the training run's main thread, in its private segment root.
 */
final class SharedObjectTraining
{
    private SharedObjectTraining()
    {
    }

    static void run(final ChildContext context)
    {
        final ShmOptions options = context.options();
        final String prefix = "shmkit-train-" + ProcessIdentity.current().pid() + "-" + System.nanoTime() + "-";
        try (SharedLong v = SharedLong.create(prefix + "v", 'q', 0, options);
            SharedDouble d = SharedDouble.create(prefix + "d", 'd', 0, options);
            SharedLongArray l = SharedLongArray.create(prefix + "l", 'i', 16, options);
            SharedDoubleArray a = SharedDoubleArray.create(prefix + "a", 'd', 16, options))
        {
            try
            {
                v.incrementAndGet();
                d.set(d.get() + 1);
                l.set(1, l.get(0) + 1);
                a.set(1, a.get(0) + 1);
                a.negate();
                for (final String name : new String[] {v.name(), d.name()})
                {
                    final SharedValue opened = context.value(name);
                    opened.getLock().lock();
                    opened.getLock().unlock();
                }
                for (final String name : new String[] {l.name(), a.name()})
                {
                    final SharedArray opened = context.array(name);
                    opened.getLock().lock();
                    opened.getLock().unlock();
                }
            }
            finally
            {
                v.unlink();
                d.unlink();
                l.unlink();
                a.unlink();
            }
        }
    }
}
