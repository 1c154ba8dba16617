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
}
