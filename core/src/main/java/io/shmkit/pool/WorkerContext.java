package io.shmkit.pool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.shmkit.SharedArray;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.codec.Codec;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.manager.ShmManager;
import io.shmkit.process.ChildContext;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.segment.ShmOptions;

/**
 * What a task sees of its worker JVM: the worker's index, the initializer's arguments, a per-worker state map, and
 * the shared objects it opens by name. Each name is opened once per worker, on first use, and stays open (its pages
 * mapped) for the worker's life, so a second task on the same array pays no mapping again. Objects are closed, never
 * unlinked, when the worker ends: the parent owns what it created.
 *
 * <p><b>Note:</b> thread-safe: the opening methods synchronise. The shared objects themselves are thread- and
 * process-safe as documented by their classes. A task must not close what it gets here (the next task of the worker
 * gets the same handle).
 */
public final class WorkerContext
{
    private final ChildContext child;
    private final int workerIndex;
    private final List<String> args;
    private final ConcurrentMap<String, Object> state = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> opened = new HashMap<>();
    private boolean closed;

    WorkerContext(final ChildContext child, final int workerIndex, final List<String> args)
    {
        this.child = child;
        this.workerIndex = workerIndex;
        this.args = List.copyOf(args);
    }

    /**
     * The worker's index in the pool, from 0 to {@code Pool.workers() - 1}; a replacement keeps the index of the
     * worker it replaces.
     *
     * @return the index.
     */
    public int workerIndex()
    {
        return workerIndex;
    }

    /**
     * The arguments given with the initializer ({@link PoolBuilder#initializer(Class, String...)}).
     *
     * @return an immutable list, empty without an initializer.
     */
    public List<String> args()
    {
        return args;
    }

    /**
     * A map for the worker's own objects (Python's module globals set by an initializer), kept for the worker's life.
     *
     * @return the map, shared by every task of this worker.
     */
    public ConcurrentMap<String, Object> state()
    {
        return state;
    }

    /**
     * The segment options of the pool (its root directory).
     *
     * @return the options.
     */
    public ShmOptions options()
    {
        return child.options();
    }

    // DELIBERATE REPEATS: one opener per kind of shared object, each with the same contract in its Javadoc.
    /**
     * The shared array {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the array: a {@link SharedLongArray} or {@link SharedDoubleArray}.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array, or was opened before as another kind.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedArray array(final String name)
    {
        return child.array(name);
    }

    /**
     * The shared floating-point array {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the array.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedDoubleArray doubleArray(final String name)
    {
        return child.doubleArray(name);
    }

    /**
     * The shared integer array {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the array.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array of an integer typecode.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedLongArray longArray(final String name)
    {
        return child.longArray(name);
    }

    /**
     * The shared value {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the value: a {@link SharedLong} or {@link SharedDouble}.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedValue value(final String name)
    {
        return child.value(name);
    }

    /**
     * The shared integer value {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the value.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value of an integer typecode.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedLong longValue(final String name)
    {
        return child.longValue(name);
    }

    /**
     * The shared floating-point value {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the value.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedDouble doubleValue(final String name)
    {
        return child.doubleValue(name);
    }

    /**
     * The shared list {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the list.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a list, or was opened before as another kind.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedList list(final String name)
    {
        return open(name, SharedList.class, () -> SharedList.open(name, child.options()));
    }

    /**
     * The shared dict {@code name}, opened on first use.
     *
     * @param name a segment name.
     * @return the dict.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a dict, or was opened before as another kind.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedDict dict(final String name)
    {
        return open(name, SharedDict.class, () -> SharedDict.open(name, child.options()));
    }

    /**
     * The shared queue {@code name}, opened on first use with {@code codec} (later calls return that handle, whatever
     * codec they pass).
     *
     * @param name  a segment name.
     * @param codec the messages' codec.
     * @param <T>   the message type.
     * @return the queue.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a queue, or was opened before as another kind.
     * @throws IllegalStateException                    if the worker is ending.
     */
    @SuppressWarnings("unchecked")
    public <T> ShmQueue<T> queue(final String name, final Codec<T> codec)
    {
        return open(name, ShmQueue.class,
            () -> ShmQueue.open(name, codec, QueueOptions.defaults().withShm(child.options())));
    }

    /**
     * The manager {@code name} (Python's {@code Manager()}), attached on first use; its objects are looked up by
     * key through it and cached by it.
     *
     * @param name the manager's name.
     * @return the attached manager.
     * @throws java.io.UncheckedIOException             if there is no such manager.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a manager, or was opened before as another kind.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public ShmManager manager(final String name)
    {
        return open(name, ShmManager.class, () -> ShmManager.attach(name, child.options()));
    }

    private synchronized <T> T open(final String name, final Class<T> type, final Opener opener)
    {
        if (closed)
        {
            throw new IllegalStateException("the pool worker is ending: its shared objects are closed");
        }
        AutoCloseable obj = opened.get(name);
        if (null == obj)
        {
            obj = opener.open();
            opened.put(name, obj);
        }
        if (!type.isInstance(obj))
        {
            throw new io.shmkit.segment.SegmentFormatException("'" + name + "' was opened as a " +
                obj.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(obj);
    }

    /** Close everything opened here and through the child context; never unlinks. */
    synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            opened.values().forEach(WorkerContext::closeQuietly);
            opened.clear();
            child.close();
        }
    }

    private static void closeQuietly(final AutoCloseable c)
    {
        try
        {
            c.close();
        }
        catch (final Exception ignore)
        {
            // closing a shared object does not throw; nothing else to do at the end of the worker
        }
    }

    /** Opens one object. */
    @FunctionalInterface
    private interface Opener
    {
        AutoCloseable open();
    }
}
