package io.shmkit.it.pool;

import java.nio.charset.StandardCharsets;

import io.shmkit.SharedLongArray;
import io.shmkit.codec.Codecs;
import io.shmkit.pool.TypedTask;
import io.shmkit.pool.WorkerContext;

/** Tasks that look shared objects up by name through their {@link WorkerContext}, for {@link PoolNamesTest}. */
public final class PoolNameTasks
{
    /** The key {@link DictValue} reads. */
    static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    private PoolNameTasks()
    {
    }

    /** The sum of the integer array named by the argument, after adding 1000 to its first element. */
    public static final class ArraySum extends TypedTask<String, Long>
    {
        public ArraySum()
        {
            super(Codecs.utf8(), Codecs.longs());
        }

        @Override
        public Long apply(final String name, final WorkerContext context)
        {
            final SharedLongArray a = context.longArray(name);
            a.getAndAdd(0, 1000);
            long sum = 0;
            for (long i = 0; i < a.length(); i++)
            {
                sum += a.get(i);
            }
            return sum;
        }
    }

    /**
     * Against the rule: keeps the handle of the array named by the argument in the worker's state (first call) and
     * reads its first element through the kept handle (every call); -1 if that handle throws
     * {@link IllegalStateException} (closed since).
     */
    public static final class KeptFirst extends TypedTask<String, Long>
    {
        public KeptFirst()
        {
            super(Codecs.utf8(), Codecs.longs());
        }

        @Override
        public Long apply(final String name, final WorkerContext context)
        {
            final SharedLongArray a = (SharedLongArray)context.state()
                .computeIfAbsent("kept:" + name, k -> context.longArray(name));
            try
            {
                return a.get(0);
            }
            catch (final IllegalStateException ex)
            {
                return -1L;
            }
        }
    }

    /** The value under {@link #KEY} of the dict named by the argument, a decimal number; -1 if there is none. */
    public static final class DictValue extends TypedTask<String, Long>
    {
        public DictValue()
        {
            super(Codecs.utf8(), Codecs.longs());
        }

        @Override
        public Long apply(final String name, final WorkerContext context)
        {
            final byte[] v = context.dict(name).get(KEY);
            return null == v ? -1L : Long.parseLong(new String(v, StandardCharsets.UTF_8));
        }
    }
}
