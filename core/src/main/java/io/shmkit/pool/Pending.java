package io.shmkit.pool;

import java.util.Arrays;

/**
 * A task in flight: one {@code applyAsync} call, or one chunk of a {@code map}. Its future completes with the
 * result (a single task) or with an {@code Object[]} of the chunk's results, in order; exceptionally with a
 * {@link PoolTaskException}, a {@link WorkerDiedException} or, on {@link Pool#terminate()}, a cancellation.
 *
 * <p><b>Note:</b> the results and the count still to come are written only by the pool's result thread (a retry
 * resets them there, before the task is sent again); the future is thread-safe.
 */
final class Pending
{
    final long id;
    final TaskType type;
    final int count;
    final boolean single;
    /** The worker index the task must run on, or -1. */
    final int pinned;
    final PoolFuture<Object> future;
    /** The encoded arguments, kept only when the pool retries tasks of dead workers. */
    final Payload retained;
    private Object[] results;
    private int remaining;
    int attempts;

    Pending(final PoolCore core, final long id, final TaskType type, final int count, final boolean single,
        final int pinned, final Payload retained)
    {
        this.future = new PoolFuture<>(core);
        this.id = id;
        this.type = type;
        this.count = count;
        this.single = single;
        this.pinned = pinned;
        this.retained = retained;
        this.remaining = count;
    }

    /**
     * Store results {@code first .. first + values.length - 1} (result thread only).
     *
     * @return true if the task has all its results now.
     */
    boolean store(final int first, final Object value)
    {
        if (single)
        {
            results = new Object[] {value};
        }
        else
        {
            if (null == results)
            {
                results = new Object[count];
            }
            results[first] = value;
        }
        return --remaining == 0;
    }

    /** Complete the future with the stored results. */
    void complete()
    {
        future.complete(single ? results[0] : results);
    }

    /** Forget partial results before the task runs again (result thread only). */
    void reset()
    {
        remaining = count;
        if (null != results)
        {
            Arrays.fill(results, null);
        }
    }
}
