package io.shmkit.bench.pool;

import io.shmkit.codec.Codec;
import io.shmkit.codec.Codecs;
import io.shmkit.pool.PoolTask;
import io.shmkit.pool.WorkerContext;

/** The harness's pool tasks: Python's {@code noop} and {@code square}. */
public final class BenchTasks
{
    private BenchTasks()
    {
    }

    /** Returns its argument: the tiny task of {@code apply_async}. */
    public static final class Noop implements PoolTask<Long, Long>
    {
        @Override
        public Codec<Long> argumentCodec()
        {
            return Codecs.longs();
        }

        @Override
        public Codec<Long> resultCodec()
        {
            return Codecs.longs();
        }

        @Override
        public Long apply(final Long argument, final WorkerContext context)
        {
            return argument;
        }
    }

    /** {@code x * x}: the function of {@code map}. */
    public static final class Square implements PoolTask<Long, Long>
    {
        @Override
        public Codec<Long> argumentCodec()
        {
            return Codecs.longs();
        }

        @Override
        public Codec<Long> resultCodec()
        {
            return Codecs.longs();
        }

        @Override
        public Long apply(final Long argument, final WorkerContext context)
        {
            return argument * argument;
        }
    }
}
