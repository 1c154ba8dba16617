package io.shmkit.pool;

import io.shmkit.codec.Codec;

/**
 * A function a {@link Pool} runs on its worker JVMs: Python's {@code f} of {@code pool.apply_async(f, (x,))} and
 * {@code pool.map(f, xs)}. A task crosses the process boundary by its class's binary name, never by Java
 * deserialization: the class must be on the workers' class path, public, with a public no-argument constructor.
 * The parent creates one instance of the class too, only to ask it for its codecs, which carry the argument to the
 * worker and the result back.
 *
 * <pre>{@code
 * public final class Square implements PoolTask<Long, Long>
 * {
 *     public Codec<Long> argumentCodec() { return Codecs.longs(); }
 *     public Codec<Long> resultCodec()   { return Codecs.longs(); }
 *     public Long apply(Long x, WorkerContext context) { return x * x; }
 * }
 * }</pre>
 *
 * <p><b>Throws:</b> {@link #apply} may throw any exception: the task's future completes exceptionally with a
 * {@link PoolTaskException} carrying its class name, message and stack trace, and the worker goes on.
 *
 * <p><b>Note:</b> each worker creates one instance per task class and calls {@link #apply} on its one task thread,
 * so an implementation needs no thread-safety of its own for {@code apply}; the codecs must be thread-safe (the
 * parent encodes from the submitting threads and decodes on its result thread). A task may keep state in its
 * fields across calls within one worker (Python's module globals); what it shares with other processes goes through
 * shared objects opened by name from its {@link WorkerContext}.
 *
 * @param <A> the argument type; {@code null} arguments travel without the codec.
 * @param <R> the result type; a {@code null} result travels without the codec.
 */
public interface PoolTask<A, R>
{
    /**
     * The codec of the argument, the same in the parent and in every worker.
     *
     * @return the codec.
     */
    Codec<A> argumentCodec();

    /**
     * The codec of the result, the same in the parent and in every worker.
     *
     * @return the codec.
     */
    Codec<R> resultCodec();

    /**
     * Compute the result for one argument, in a worker.
     *
     * @param argument the argument, decoded by {@link #argumentCodec()}; may be {@code null}.
     * @param context  the worker's context: shared objects opened by name and cached for the worker's life.
     * @return the result, encoded by {@link #resultCodec()}; may be {@code null}.
     * @throws Exception any failure: the task's future completes exceptionally with a {@link PoolTaskException}
     *                   carrying the exception's class name, message and stack trace; the worker goes on.
     */
    R apply(A argument, WorkerContext context) throws Exception;
}
