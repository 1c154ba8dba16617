package io.shmkit.pool;

/**
 * Told of a pool's progress: {@link PoolBuilder#progress(PoolProgress)}. Counts are of elements: a task of
 * {@code applyAsync} is one, a chunk of {@code map} as many as it holds.
 *
 * <p><b>Throws:</b> a RuntimeException the listener throws is printed to standard error and ignored: the pool goes on,
 * and calls it again for the next result.
 *
 * <p><b>Note:</b> called on the pool's result thread, once per completed task or chunk; it must return quickly
 * (a slow listener delays every result of the pool).
 */
@FunctionalInterface
public interface PoolProgress
{
    /**
     * Some elements completed (with a result, an exception, or the death of their worker).
     *
     * @param completed elements completed so far.
     * @param submitted elements submitted so far.
     */
    void onProgress(long completed, long submitted);
}
