package io.shmkit.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.shmkit.SharedArray;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * What a child JVM started by {@link ShmProcess} receives: its arguments, the names of the shared objects
 * handed over by the parent, and those objects, opened by name on first use and closed when the child's task
 * returns. A {@link ChildTask} gets it as the argument of {@code run}; a class with a {@code main(String[])}
 * gets it from {@link #current()}.
 *
 * <p>A child runs one task, and its context lives as long: each name is opened once, on first use, and its handle
 * stays open on the file it mapped until the task returns, even if the name is unlinked or created again meanwhile
 * (a later lookup of the name returns the same handle). A pool's long-lived workers give their tasks a context of
 * their own ({@code io.shmkit.pool.WorkerContext}), which checks each kept name against its file.
 *
 * <p><b>Throws:</b> IllegalStateException ({@link #current()} in a JVM not started by {@link ShmProcess}; the context
 * closed), IndexOutOfBoundsException (no shared name of that index), UncheckedIOException (no such segment),
 * SegmentFormatException (another kind or typecode than asked, or a name opened before as another kind).
 * {@link #awaitWake()} throws nothing: an interrupt ends its wait as a wake-up does.
 *
 * <p><b>Note:</b> thread-safe: the opening methods synchronise, and each name is opened once per child. The
 * shared objects themselves are thread- and process-safe as documented by their classes.
 */
public final class ChildContext implements AutoCloseable
{
    private static volatile ChildContext current;

    private final List<String> args;
    private final List<String> sharedNames;
    private final long parentPid;
    private final long parentTicks;
    private final ShmOptions options;
    private final Map<String, AutoCloseable> opened = new LinkedHashMap<>();
    private boolean closed;

    ChildContext(
        final List<String> args,
        final List<String> sharedNames,
        final long parentPid,
        final long parentTicks,
        final ShmOptions options)
    {
        this.args = List.copyOf(args);
        this.sharedNames = List.copyOf(sharedNames);
        this.parentPid = parentPid;
        this.parentTicks = parentTicks;
        this.options = options;
    }

    /**
     * The context of this JVM, when it was started by {@link ShmProcess} (for entry classes with a
     * {@code main(String[])} method, which receive only the arguments).
     *
     * @return the context.
     * @throws IllegalStateException if this JVM was not started by {@link ShmProcess}.
     */
    public static ChildContext current()
    {
        final ChildContext c = current;
        if (null == c)
        {
            throw new IllegalStateException("this JVM was not started by ShmProcess: there is no child context");
        }
        return c;
    }

    static void setCurrent(final ChildContext context)
    {
        current = context;
    }

    /**
     * The arguments given by {@link ShmProcessBuilder#args(String...)}.
     *
     * @return an immutable list.
     */
    public List<String> args()
    {
        return args;
    }

    /**
     * The names of the shared objects handed over by the parent, in the order they were given.
     *
     * @return an immutable list.
     */
    public List<String> sharedNames()
    {
        return sharedNames;
    }

    /**
     * The name of the {@code index}-th shared object handed over.
     *
     * @param index from 0 to {@code sharedNames().size() - 1}.
     * @return its name.
     * @throws IndexOutOfBoundsException if there is no such object.
     */
    public String sharedName(final int index)
    {
        return sharedNames.get(index);
    }

    /**
     * The parent process, watched by this child if it is a daemon.
     *
     * @return the parent's identity.
     */
    public ProcessIdentity parent()
    {
        return new ProcessIdentity(parentPid, parentTicks);
    }

    /**
     * Block, using no CPU, until the parent calls {@link ShmProcess#wake()} (returning at once if it has since the
     * last call: wake-ups sent meanwhile are merged into this one), or until the wake channel ends: the parent closed
     * it or died. Without a wake channel ({@link ShmProcessBuilder#wakeChannel}) the channel has ended already.
     *
     * <p><b>Note:</b> thread-safe (callers are serialised; the channel is the JVM's, one per child process). An
     * interrupt ends the wait as a wake-up does and stays set. A wake-up orders no memory: the data it announces is
     * published through the shared objects. The first wait starts a daemon thread that reads the channel.
     *
     * @return true on a wake-up (or an interrupt), false if the channel has ended (it stays ended).
     */
    public boolean awaitWake()
    {
        return WakeChannel.await(0);
    }

    /**
     * As {@link #awaitWake()}, for at most {@code timeout}: a wait that times out returns true, as a wake-up does
     * (a wake-up is only a hint: the caller looks again at what it waits for either way).
     *
     * @param timeout longest wait; 0 or less for no limit.
     * @param unit    its unit.
     * @return true on a wake-up or at the time limit, false if the channel has ended (it stays ended).
     */
    public boolean awaitWake(final long timeout, final TimeUnit unit)
    {
        return WakeChannel.await(unit.toNanos(timeout));
    }

    /**
     * The options the child opens segments with (the parent's root directory).
     *
     * @return the options.
     */
    public ShmOptions options()
    {
        return options;
    }

    /**
     * The shared array {@code name}, opened on first use.
     *
     * @param name a segment name (normally one of {@link #sharedNames()}).
     * @return the array: a {@link SharedLongArray} or {@link SharedDoubleArray}.
     * @throws java.io.UncheckedIOException      if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException  if it is not an array, or was opened before as another kind.
     * @throws IllegalStateException             if the context is closed.
     */
    public SharedArray array(final String name)
    {
        return open(name, SharedArray.class);
    }

    /**
     * The shared array of the {@code index}-th handed-over name.
     *
     * @param index position in {@link #sharedNames()}.
     * @return the array.
     * @throws IndexOutOfBoundsException        if there is no such name.
     * @throws java.io.UncheckedIOException     if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array.
     * @throws IllegalStateException            if the context is closed.
     */
    public SharedArray array(final int index)
    {
        return array(sharedNames.get(index));
    }

    /**
     * The shared floating-point array {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the array.
     * @throws java.io.UncheckedIOException     if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalStateException            if the context is closed.
     */
    public SharedDoubleArray doubleArray(final String name)
    {
        return open(name, SharedDoubleArray.class);
    }

    /**
     * The shared integer array {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the array.
     * @throws java.io.UncheckedIOException     if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array of an integer typecode.
     * @throws IllegalStateException            if the context is closed.
     */
    public SharedLongArray longArray(final String name)
    {
        return open(name, SharedLongArray.class);
    }

    /**
     * The shared value {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the value: a {@link SharedLong} or {@link SharedDouble}.
     * @throws java.io.UncheckedIOException     if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value.
     * @throws IllegalStateException            if the context is closed.
     */
    public SharedValue value(final String name)
    {
        return open(name, SharedValue.class);
    }

    /**
     * The shared integer value {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the value.
     * @throws java.io.UncheckedIOException     if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value of an integer typecode.
     * @throws IllegalStateException            if the context is closed.
     */
    public SharedLong longValue(final String name)
    {
        return open(name, SharedLong.class);
    }

    /**
     * The shared floating-point value {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the value.
     * @throws java.io.UncheckedIOException     if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalStateException            if the context is closed.
     */
    public SharedDouble doubleValue(final String name)
    {
        return open(name, SharedDouble.class);
    }

    private synchronized <T> T open(final String name, final Class<T> type)
    {
        if (closed)
        {
            throw new IllegalStateException("the child context is closed: the task has returned");
        }
        AutoCloseable obj = opened.get(name);
        if (null == obj)
        {
            obj = openByType(name, type);
            opened.put(name, obj);
        }
        if (!type.isInstance(obj))
        {
            throw new io.shmkit.segment.SegmentFormatException(
                "'" + name + "' was opened as a " + obj.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(obj);
    }

    private AutoCloseable openByType(final String name, final Class<?> type)
    {
        if (type == SharedDoubleArray.class)
        {
            return SharedDoubleArray.open(name, options);
        }
        if (type == SharedLongArray.class)
        {
            return SharedLongArray.open(name, options);
        }
        if (type == SharedArray.class)
        {
            return SharedArray.open(name, options);
        }
        if (type == SharedLong.class)
        {
            return SharedLong.open(name, options);
        }
        if (type == SharedDouble.class)
        {
            return SharedDouble.open(name, options);
        }
        return SharedValue.open(name, options);
    }

    /**
     * Close (unmap) every shared object opened through this context. Idempotent; called by the child launcher
     * when the task returns. Closing never unlinks: the parent owns the segments it handed over.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final List<AutoCloseable> all = new ArrayList<>(opened.values());
        opened.clear();
        for (final AutoCloseable c : all)
        {
            try
            {
                c.close();
            }
            catch (final Exception ignore)
            {
                // close of a shared object does not throw; nothing else to do at the end of the child
            }
        }
    }

    @Override
    public String toString()
    {
        return "ChildContext{parent=" + parentPid + ", shared=" + sharedNames + ", args=" + args + "}";
    }
}
