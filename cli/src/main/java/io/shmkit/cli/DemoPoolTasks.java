package io.shmkit.cli;

import io.shmkit.codec.Codecs;
import io.shmkit.collection.SharedList;
import io.shmkit.pool.TypedTask;
import io.shmkit.pool.WorkerContext;
import io.shmkit.pool.WorkerInitializer;

/**
 * The worker side of the pool demo ({@link DemoPoolPart}): an initializer that opens the shared list of hits once
 * per worker, and the search task. Public, with public constructors, because the pool creates them by class name.
 *
 * <p><b>Throws:</b> what the worker's context and the shared list throw: {@code Init} UncheckedIOException or
 * SegmentFormatException (no list of that name), IndexOutOfBoundsException or NumberFormatException (a missing or bad
 * argument); {@code Search} CapacityExceededException (the list is full) and IllegalStateException (closed). The pool
 * carries a task's exception back as a {@code PoolTaskException}; an initializer's stops the pool from starting
 * ({@code PoolException}).
 */
public final class DemoPoolTasks
{
    private DemoPoolTasks()
    {
    }

    /**
     * Opens the shared list named by argument 0 and keeps it, with the suffix of argument 1 and its modulus, in the
     * worker's state.
     *
     * <p><b>Note:</b> runs once per worker, on its task thread.
     */
    public static final class Init implements WorkerInitializer
    {
        /** Created by the pool, by class name. */
        public Init()
        {
        }

        @Override
        public void initialize(final WorkerContext context)
        {
            context.state().put("hits", context.list(context.args().get(0)));
            final long suffix = Long.parseLong(context.args().get(1));
            context.state().put("suffix", suffix);
            context.state().put("modulus", DemoPoolPart.modulus(suffix));
        }
    }

    /**
     * Searches range {@code k} of {@link DemoPoolPart#RANGE} numbers for one whose square ends in the suffix,
     * appends the first one found to the shared list and returns it (-1 when the range has none).
     *
     * <p><b>Note:</b> one instance per worker, called on its task thread.
     */
    public static final class Search extends TypedTask<Long, Long>
    {
        /** Created by the pool, by class name. */
        public Search()
        {
            super(Codecs.longs(), Codecs.longs());
        }

        @Override
        public Long apply(final Long k, final WorkerContext context)
        {
            final long suffix = (Long)context.state().get("suffix");
            final long found = DemoPoolPart.search(k, suffix, (Long)context.state().get("modulus"));
            if (found >= 0)
            {
                ((SharedList)context.state().get("hits")).add(DemoSearchTask.encode(found));
            }
            return found;
        }
    }
}
