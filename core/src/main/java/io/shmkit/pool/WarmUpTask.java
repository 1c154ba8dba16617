package io.shmkit.pool;

import io.shmkit.codec.Codecs;

/**
 * The task of a worker's warm-up: returns its argument plus one, through the long codec.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class WarmUpTask extends TypedTask<Long, Long>
{
    /** Made by reflection. */
    public WarmUpTask()
    {
        super(Codecs.longs(), Codecs.longs());
    }

    @Override
    public Long apply(final Long argument, final WorkerContext context)
    {
        return argument + 1;
    }
}
