package io.shmkit.pool;

import io.shmkit.codec.Codec;
import io.shmkit.codec.Codecs;

/**
 * The task of a worker's warm-up: returns its argument plus one, through the long codec.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class WarmUpTask implements PoolTask<Long, Long>
{
    /** Made by reflection. */
    public WarmUpTask()
    {
    }

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
        return argument + 1;
    }
}
