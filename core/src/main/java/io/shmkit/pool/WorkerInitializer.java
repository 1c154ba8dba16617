package io.shmkit.pool;

/**
 * Run once in each worker JVM when it starts, before its first task: Python's {@code Pool(initializer=...,
 * initargs=...)}. Named by class in {@link PoolBuilder#initializer(Class, String...)}, so it needs a public
 * no-argument constructor; its arguments are {@link WorkerContext#args()}.
 *
 * <p><b>Throws:</b> {@link #initialize} may throw any exception: the worker exits without taking tasks, and at pool
 * creation the pool fails to start with a {@link PoolException} carrying the exception's text.
 *
 * <p><b>Note:</b> called on the worker's task thread, once per worker (a replacement worker runs it again).
 */
@FunctionalInterface
public interface WorkerInitializer
{
    /**
     * Prepare the worker: open shared objects, fill {@link WorkerContext#state()}.
     *
     * @param context the worker's context.
     * @throws Exception any failure: the worker exits without taking tasks; at pool creation the pool fails to
     *                   start with a {@link PoolException} carrying the exception's text.
     */
    void initialize(WorkerContext context) throws Exception;
}
