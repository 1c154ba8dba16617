package io.shmkit.pool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.shmkit.codec.Codec;

/**
 * A task class as the parent knows it: the small id its requests carry (bound to the name by a DEFINE request,
 * once per worker) and the codecs of an instance made here. The registry is per pool.
 *
 * <p><b>Note:</b> immutable and thread-safe; {@link Registry} is thread-safe.
 */
final class TaskType
{
    final int id;
    final String name;
    final Codec<Object> argumentCodec;
    final Codec<Object> resultCodec;

    @SuppressWarnings("unchecked")
    private TaskType(final int id, final Class<?> type, final PoolTask<?, ?> instance)
    {
        this.id = id;
        this.name = type.getName();
        this.argumentCodec = (Codec<Object>)instance.argumentCodec();
        this.resultCodec = (Codec<Object>)instance.resultCodec();
        if (null == argumentCodec || null == resultCodec)
        {
            throw new IllegalArgumentException("task " + name + " returned a null codec");
        }
    }

    /**
     * A new instance of a task class through its public no-argument constructor.
     *
     * @param type the class.
     * @return the instance.
     * @throws IllegalArgumentException if it is not a {@link PoolTask}, is abstract, or has no usable constructor;
     *                                  or the constructor threw.
     */
    static PoolTask<?, ?> instantiate(final Class<?> type)
    {
        if (!PoolTask.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers()))
        {
            throw new IllegalArgumentException(type.getName() + " is not a concrete " + PoolTask.class.getName());
        }
        try
        {
            return (PoolTask<?, ?>)type.getConstructor().newInstance();
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            throw new IllegalArgumentException("task " + type.getName() +
                " needs a public no-argument constructor (and to be public, or in io.shmkit.pool)", ex);
        }
        catch (final InstantiationException | InvocationTargetException ex)
        {
            throw new IllegalArgumentException("the constructor of task " + type.getName() + " threw: " +
                (null == ex.getCause() ? ex : ex.getCause()), ex);
        }
    }

    /** The task classes a pool has seen, by class. */
    static final class Registry
    {
        private final ConcurrentMap<Class<?>, TaskType> types = new ConcurrentHashMap<>();
        private final AtomicInteger nextId = new AtomicInteger();

        /**
         * The type of a task class, made on first use.
         *
         * @throws IllegalArgumentException as {@link TaskType#instantiate}, or if a codec is {@code null}.
         */
        TaskType of(final Class<?> type)
        {
            final TaskType known = types.get(type);
            if (null != known)
            {
                return known;
            }
            final PoolTask<?, ?> instance = instantiate(type);
            return types.computeIfAbsent(type, t -> new TaskType(nextId.getAndIncrement(), t, instance));
        }
    }
}
