package io.shmkit.it.pool;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLong;
import io.shmkit.collection.RecordCodec;
import io.shmkit.collection.SharedList;
import io.shmkit.codec.Codecs;
import io.shmkit.pool.PoolCodecs;
import io.shmkit.pool.TypedTask;
import io.shmkit.pool.WorkerContext;
import io.shmkit.pool.WorkerInitializer;

/** Tasks the pool tests run on worker JVMs (public, with public no-argument constructors). */
public final class PoolTasks
{
    private PoolTasks()
    {
    }

    /** Long to long: a task with both codecs of one type. */
    public abstract static class LongTask extends TypedTask<Long, Long>
    {
        protected LongTask()
        {
            super(Codecs.longs(), Codecs.longs());
        }
    }

    /** x * x + 1, the function of the property tests. */
    public static final class Square extends LongTask
    {
        @Override
        public Long apply(final Long x, final WorkerContext context)
        {
            return null == x ? null : x * x + 1;
        }

        /** The same, sequentially. */
        public static Long of(final Long x)
        {
            return null == x ? null : x * x + 1;
        }
    }

    /** The worker's pid, whatever the argument. */
    public static final class Pid extends LongTask
    {
        @Override
        public Long apply(final Long x, final WorkerContext context)
        {
            return ProcessHandle.current().pid();
        }
    }

    /** The worker's index. */
    public static final class Index extends LongTask
    {
        @Override
        public Long apply(final Long x, final WorkerContext context)
        {
            return (long)context.workerIndex();
        }
    }

    /** Throws an ArithmeticException with a message naming its argument (through a helper, for the trace). */
    public static final class Fail extends LongTask
    {
        @Override
        public Long apply(final Long x, final WorkerContext context)
        {
            return divide(x);
        }

        private static Long divide(final Long x)
        {
            throw new ArithmeticException("cannot divide " + x);
        }
    }

    /** Calls System.exit with its argument. */
    public static final class Exit extends LongTask
    {
        @Override
        public Long apply(final Long x, final WorkerContext context)
        {
            System.exit(x.intValue());
            return x;
        }
    }

    /**
     * Claims the shared value named by its argument with its pid (compare-and-set from 0), then waits (parking,
     * bounded by two minutes) until the value is set to -1; a run that finds the value already claimed by another
     * pid (a retry after the claimer died) returns at once. Returns its pid.
     */
    public static final class Hang extends TypedTask<String, Long>
    {
        public Hang()
        {
            super(Codecs.utf8(), Codecs.longs());
        }

        @Override
        public Long apply(final String flagName, final WorkerContext context)
        {
            final long pid = ProcessHandle.current().pid();
            final SharedLong flag = context.longValue(flagName);
            if (!flag.compareAndSet(0, pid))
            {
                return pid;
            }
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (flag.get() != -1 && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(1_000_000);
            }
            return pid;
        }
    }

    /** Counts its runs in the worker's state; returns the count set by {@link CountingInit} plus runs. */
    public static final class InitCount extends LongTask
    {
        @Override
        public Long apply(final Long x, final WorkerContext context)
        {
            return (Long)context.state().get("init");
        }
    }

    /** Adds one to the shared value named by its first argument and records 1 in the worker state. */
    public static final class CountingInit implements WorkerInitializer
    {
        @Override
        public void initialize(final WorkerContext context)
        {
            final long n = context.longValue(context.args().get(0)).getAndAdd(1) + 1;
            context.state().put("init", n);
        }
    }

    /** Sums a tuple of two longs, for starmap. */
    public static final class Add extends TypedTask<List<Object>, Long>
    {
        public Add()
        {
            super(PoolCodecs.tuple(Codecs.longs(), Codecs.longs()), Codecs.longs());
        }

        @Override
        public Long apply(final List<Object> t, final WorkerContext context)
        {
            return (Long)t.get(0) + (Long)t.get(1);
        }
    }

    /** Opens the shared list named by its first argument and keeps it in the worker state as "hits". */
    public static final class SearchInit implements WorkerInitializer
    {
        @Override
        public void initialize(final WorkerContext context)
        {
            context.state().put("hits", context.list(context.args().get(0)));
        }
    }

    /**
     * Python's classic early-stop example: "searches" candidate {@code k} (a millisecond of work) and appends it to
     * the shared list of hits when it is {@link #HIT}.
     */
    public static final class Search extends LongTask
    {
        /** The candidate that is a hit. */
        public static final long HIT = 40;

        @Override
        public Long apply(final Long k, final WorkerContext context)
        {
            LockSupport.parkNanos(1_000_000);
            if (k == HIT)
            {
                ((SharedList)context.state().get("hits")).asList(RecordCodec.of(Codecs.longs())).add(k);
            }
            return k;
        }
    }

    /** Allocates arrays of {@code x} MiB until the heap is exhausted. */
    public static final class Hog extends LongTask
    {
        @Override
        public Long apply(final Long x, final WorkerContext context)
        {
            final List<long[]> hold = new java.util.ArrayList<>();
            while (true)
            {
                hold.add(new long[x.intValue() * 131_072]);
            }
        }
    }

    /** A string of {@code n} characters: a large result. */
    public static final class Text extends TypedTask<Long, String>
    {
        public Text()
        {
            super(Codecs.longs(), Codecs.utf8());
        }

        @Override
        public String apply(final Long n, final WorkerContext context)
        {
            return "x".repeat(n.intValue());
        }
    }

    /** The length of its argument. */
    public static final class Length extends TypedTask<String, Long>
    {
        public Length()
        {
            super(Codecs.utf8(), Codecs.longs());
        }

        @Override
        public Long apply(final String s, final WorkerContext context)
        {
            return (long)s.length();
        }
    }

    /** Not public: the pool cannot create it. */
    static final class Hidden extends LongTask
    {
        @Override
        public Long apply(final Long x, final WorkerContext context)
        {
            return x;
        }
    }
}
