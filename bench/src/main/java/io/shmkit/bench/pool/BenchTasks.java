package io.shmkit.bench.pool;

import io.shmkit.codec.Codecs;
import io.shmkit.pool.TypedTask;
import io.shmkit.pool.WorkerContext;

/** The harness's pool tasks: Python's {@code noop} and {@code square}. */
public final class BenchTasks
{
    private BenchTasks()
    {
    }

    /** Long to long: both codecs {@link Codecs#longs()}. */
    public abstract static class LongTask extends TypedTask<Long, Long>
    {
        /** Both codecs {@link Codecs#longs()}. */
        protected LongTask()
        {
            super(Codecs.longs(), Codecs.longs());
        }
    }

    /** Returns its argument: the tiny task of {@code apply_async}. */
    public static final class Noop extends LongTask
    {
        @Override
        public Long apply(final Long argument, final WorkerContext context)
        {
            return argument;
        }
    }

    /** {@code x * x}: the function of {@code map}. */
    public static final class Square extends LongTask
    {
        @Override
        public Long apply(final Long argument, final WorkerContext context)
        {
            return argument * argument;
        }
    }
}
