package io.shmkit.pool;

import java.util.Objects;

import io.shmkit.codec.Codec;

/**
 * A {@link PoolTask} whose codecs are given to its constructor, so that a task class writes only {@code apply}:
 *
 * <pre>{@code
 * public final class Square extends TypedTask<Long, Long>
 * {
 *     public Square() { super(Codecs.longs(), Codecs.longs()); }
 *     public Long apply(Long x, WorkerContext context) { return x * x; }
 * }
 * }</pre>
 *
 * <p><b>Throws:</b> the constructor NullPointerException (a null codec); {@code apply} as {@link PoolTask#apply}: any
 * exception, carried back as a {@link PoolTaskException}.
 *
 * <p><b>Note:</b> as thread-safe as its codecs; see {@link PoolTask}.
 *
 * @param <A> the argument type.
 * @param <R> the result type.
 */
public abstract class TypedTask<A, R> implements PoolTask<A, R>
{
    private final Codec<A> argumentCodec;
    private final Codec<R> resultCodec;

    /**
     * A task with these codecs.
     *
     * @param argumentCodec the argument's codec.
     * @param resultCodec   the result's codec.
     * @throws NullPointerException if a codec is {@code null}.
     */
    protected TypedTask(final Codec<A> argumentCodec, final Codec<R> resultCodec)
    {
        this.argumentCodec = Objects.requireNonNull(argumentCodec, "argumentCodec");
        this.resultCodec = Objects.requireNonNull(resultCodec, "resultCodec");
    }

    @Override
    public final Codec<A> argumentCodec()
    {
        return argumentCodec;
    }

    @Override
    public final Codec<R> resultCodec()
    {
        return resultCodec;
    }
}
