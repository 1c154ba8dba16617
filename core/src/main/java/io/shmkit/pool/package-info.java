/**
 * A pool of warm worker JVMs behind an {@link java.util.concurrent.ExecutorService}: Python's
 * {@code multiprocessing.Pool}. {@link io.shmkit.pool.Pool} is the facade, {@link io.shmkit.pool.PoolTask} the form
 * a task takes to cross the process boundary (a class named by its binary name, its argument and result carried by
 * codecs, never by Java deserialization), {@link io.shmkit.pool.WorkerContext} what a task sees of its worker, and
 * {@link io.shmkit.pool.PoolMessageDescriptor} the layout of the messages on the pool's queues
 * ({@code docs/layout.md}, "Pool messages"; {@code docs/pool.md} for the contracts).
 *
 * <p>Layer: the top of core; may use every package below it ({@code io.shmkit.queue} for the transport,
 * {@code io.shmkit.process} for the workers, {@code io.shmkit.collection} and {@code io.shmkit.manager} for the
 * shared objects a task opens by name, {@code io.shmkit.codec}, {@code io.shmkit}, {@code io.shmkit.segment}).
 */
package io.shmkit.pool;
