package io.shmkit.it.collection;


import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;

/** Child JVM entry points of the cross-process collection tests. */
final class CollectionChildren
{
    /** Writer progress slots: operations completed, and the writer's pid once it runs. */
    static final int DONE = 0;
    static final int PID = 1;
    /** Operations a writer runs at most. */
    static final int PREPARED = 60_000;

    private CollectionChildren()
    {
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

    /** Keys an {@link Overwriter} cycles through. */
    static final int OVERWRITTEN_KEYS = 4;

    /** The 32-byte value the {@link Overwriter}'s operation {@code i} writes (all of one length). */
    static String overwriting(final int i)
    {
        return String.format(java.util.Locale.ROOT, "%032d", i);
    }

    /**
     * Overwrites the values of {@link #OVERWRITTEN_KEYS} keys in place (32 bytes each, the journal's most) until
     * killed (at most 60 s), recording each completed put; values are prepared beforehand, so that the writer spends
     * its time inside the puts.
     */
    static final class Overwriter
    {
        public static void main(final String[] args)
        {
            try (SharedDict dict = SharedDict.open(args[0]);
                SharedLongArray progress = SharedLongArray.open(args[1]))
            {
                final byte[][] values = new byte[PREPARED][];
                final byte[][] keys = new byte[OVERWRITTEN_KEYS][];
                for (int i = 0; i < PREPARED; i++)
                {
                    values[i] = WriterScript.bytes(overwriting(i));
                }
                for (int k = 0; k < OVERWRITTEN_KEYS; k++)
                {
                    keys[k] = WriterScript.bytes("o" + k);
                }
                progress.set(PID, ProcessHandle.current().pid());
                final long end = System.nanoTime() + 60_000_000_000L;
                for (int i = 0; i < PREPARED && System.nanoTime() - end < 0; i++)
                {
                    dict.set(new org.agrona.concurrent.UnsafeBuffer(keys[i % OVERWRITTEN_KEYS]), 0,
                        keys[i % OVERWRITTEN_KEYS].length, new org.agrona.concurrent.UnsafeBuffer(values[i]), 0, 32);
                    // NOTE: volatile: put i has returned BEFORE the parent can see it counted.
                    progress.set(DONE, i + 1);
                }
            }
        }
    }

    /**
     * Runs {@link FragmentScript} until killed (at most 60 s), recording each completed operation; keys and values
     * are prepared beforehand.
     */
    static final class Fragmenter
    {
        public static void main(final String[] args)
        {
            try (SharedList list = SharedList.open(args[0]);
                SharedDict dict = SharedDict.open(args[1]);
                SharedLongArray progress = SharedLongArray.open(args[2]))
            {
                final byte[][] keys = new byte[PREPARED][];
                final byte[][] values = new byte[PREPARED][];
                for (int i = 0; i < PREPARED; i++)
                {
                    keys[i] = WriterScript.bytes(FragmentScript.key(i));
                    values[i] = WriterScript.bytes(FragmentScript.value(i));
                }
                progress.set(PID, ProcessHandle.current().pid());
                final long end = System.nanoTime() + 60_000_000_000L;
                for (int i = 0; i < PREPARED && System.nanoTime() - end < 0; i++)
                {
                    FragmentScript.run(i, keys[i], values[i], list, dict);
                    // NOTE: volatile: operation i has returned BEFORE the parent can see it counted.
                    progress.set(DONE, i + 1);
                }
            }
        }
    }
}
