package io.shmkit.it.collection;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;

/** Child JVM entry points of the cross-process collection tests. */
final class CollectionChildren
{
    /** Control slots: children ready, go, then per worker and key the insert and remove counts. */
    static final int READY = 0;
    static final int GO = 1;
    static final int COUNTS = 8;
    static final int KEYS = 8;
    static final int CONTROL_LENGTH = COUNTS + 4 * KEYS * 2;
    /** Writer progress slots: operations completed, and the writer's pid once it runs. */
    static final int DONE = 0;
    static final int PID = 1;
    /** Operations a writer runs at most. */
    static final int PREPARED = 60_000;

    private CollectionChildren()
    {
    }

    static int countSlot(final int worker, final int key, final boolean insert)
    {
        return COUNTS + (worker * KEYS + key) * 2 + (insert ? 0 : 1);
    }

    static void awaitGo(final SharedLongArray control)
    {
        control.getAndAdd(READY, 1);
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (control.get(GO) == 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("no go within 120 s");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Random putIfAbsent/remove on a few keys, counted; a compute counter; appends to a list. */
    static final class Mixer
    {
        public static void main(final String[] args)
        {
            final int worker = Integer.parseInt(args[3]);
            final int rounds = Integer.parseInt(args[4]);
            try (SharedDict dict = SharedDict.open(args[0]);
                SharedList list = SharedList.open(args[1]);
                SharedLongArray control = SharedLongArray.open(args[2]))
            {
                final long[] counts = new long[KEYS * 2];
                awaitGo(control);
                final ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int r = 0; r < rounds; r++)
                {
                    final int k = rnd.nextInt(KEYS);
                    final byte[] key = ("k" + k).getBytes(StandardCharsets.UTF_8);
                    if (rnd.nextBoolean())
                    {
                        if (null == dict.putIfAbsent(key, ("w" + worker).getBytes(StandardCharsets.UTF_8)))
                        {
                            counts[k * 2]++;
                        }
                    }
                    else if (null != dict.remove(key))
                    {
                        counts[k * 2 + 1]++;
                    }
                    dict.compute("ctr".getBytes(StandardCharsets.UTF_8), (kk, v) -> String.valueOf(
                        null == v ? 1 : Long.parseLong(new String(v, StandardCharsets.UTF_8)) + 1)
                        .getBytes(StandardCharsets.UTF_8));
                    list.add((worker + ":" + r).getBytes(StandardCharsets.UTF_8));
                }
                for (int k = 0; k < KEYS; k++)
                {
                    control.set(countSlot(worker, k, true), counts[k * 2]);
                    control.set(countSlot(worker, k, false), counts[k * 2 + 1]);
                }
            }
        }
    }

    /** Runs {@link WriterScript} until killed (at most 60 s), recording each completed operation. */
    static final class Writer
    {
        public static void main(final String[] args)
        {
            try (SharedList list = SharedList.open(args[0]);
                SharedDict dict = SharedDict.open(args[1]);
                SharedLongArray progress = SharedLongArray.open(args[2]))
            {
                final byte[][][] prepared = WriterScript.prepare(PREPARED);
                progress.set(PID, ProcessHandle.current().pid());
                final long end = System.nanoTime() + 60_000_000_000L;
                for (int i = 0; i < PREPARED && System.nanoTime() - end < 0; i++)
                {
                    WriterScript.run(i, prepared[i], list, dict);
                    // NOTE: volatile: operation i has returned BEFORE the parent can see it counted.
                    progress.set(DONE, i + 1);
                }
            }
        }
    }
}
