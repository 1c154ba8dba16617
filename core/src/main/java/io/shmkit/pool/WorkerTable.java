package io.shmkit.pool;

/**
 * The pool's workers by id, for the result thread's lookup of each message's sender: the handles of workers started
 * and not yet forgotten (a dead worker's is forgotten once its death is handled), each at {@code id & (length - 1)}.
 * The table doubles when two handles would share a place, so it stays about as large as the number of workers kept
 * at once, however many a pool replaces over its life ({@code maxTasksPerWorker(1)} starts one per task).
 *
 * <p><b>Note:</b> {@link #get} is lock-free (one volatile read of the table); {@link #put} and {@link #forget}
 * synchronise on this object and publish through the table's volatile field.
 */
final class WorkerTable
{
    private volatile WorkerHandle[] table = new WorkerHandle[16];

    /** The handle of worker {@code id}, or null if there is none (never started, or forgotten). */
    WorkerHandle get(final int id)
    {
        final WorkerHandle[] t = table;
        final WorkerHandle h = t[id & (t.length - 1)];
        return null != h && h.id == id ? h : null;
    }

    /** Every handle kept, in a table with nulls in unused places. */
    WorkerHandle[] all()
    {
        return table;
    }

    /** Keep {@code h}. */
    synchronized void put(final WorkerHandle h)
    {
        WorkerHandle[] t = table;
        while (null != t[h.id & (t.length - 1)])
        {
            // ids apart modulo n stay apart modulo 2n: the handles kept never collide in the grown table
            final WorkerHandle[] grown = new WorkerHandle[t.length * 2];
            for (final WorkerHandle k : t)
            {
                if (null != k)
                {
                    grown[k.id & (grown.length - 1)] = k;
                }
            }
            t = grown;
        }
        t[h.id & (t.length - 1)] = h;
        table = t; // NOTE: the volatile write publishes the element to the lock-free lookups
    }

    /** Forget {@code h}: later lookups of its id find nothing. */
    synchronized void forget(final WorkerHandle h)
    {
        final WorkerHandle[] t = table;
        final int i = h.id & (t.length - 1);
        if (t[i] == h)
        {
            t[i] = null;
            table = t;
        }
    }
}
