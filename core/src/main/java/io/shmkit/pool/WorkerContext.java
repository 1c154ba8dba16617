package io.shmkit.pool;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.shmkit.SharedArray;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.codec.Codec;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.internal.segment.NamedHandles;
import io.shmkit.manager.ShmManager;
import io.shmkit.process.ChildContext;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.segment.ShmOptions;

/**
 * What a task sees of its worker JVM: the worker's index, the initializer's arguments, a per-worker state map, and
 * the shared objects it opens by name. A name is opened on first use and its handle kept open (its pages mapped)
 * across the worker's tasks, so a second task on the same array pays no mapping again. Objects are closed, never
 * unlinked, when the worker ends: the parent owns what it created.
 *
 * <p><b>Names created again.</b> A kept handle is handed out only while its name still refers to the very file it
 * was opened on, compared by the file's identity (device and inode), not by its name: once per name and per request
 * (a request is one {@code applyAsync} or one chunk of a {@code map}, which may hold many elements), the first lookup
 * of the name checks its file. If the segment has been unlinked, the handle is closed and the lookup throws the
 * usual "no such segment" {@link java.io.UncheckedIOException}; if a new segment has been created under the name (a
 * loop that creates an array {@code "data"}, maps over it and unlinks it, batch after batch), the handle is closed
 * and the new segment opened: a task always sees the segment the name refers to when its request starts, never an
 * unlinked one. This holds however the segment was removed, by shmkit or by anything else ({@code rm} included).
 * Within one request, a name is not checked again: a segment re-created while a request runs is seen by the next
 * request. At the start of a request (at most once a millisecond), and once per idle interval while it waits for
 * requests (100 ms by default, {@link PoolWorker#IDLE_MILLIS_PROPERTY}), the worker also closes every kept handle
 * whose file is gone or replaced, so an unlinked segment's memory is released by the workers even if no task looks
 * its name up again. A stale handle is closed on the worker's task thread, between requests.
 *
 * <p><b>Note:</b> thread-safe: the opening methods synchronise. The shared objects themselves are thread- and
 * process-safe as documented by their classes. A task must not close what it gets here (a later task of the worker
 * may get the same handle); and it should not keep a handle past its request (in {@link #state()} or a field):
 * the worker closes a handle whose name has been unlinked or created again before a later request, after which
 * the handle throws {@link IllegalStateException}. Look the name up again in each task: a lookup that hits costs a
 * hash lookup.
 */
public final class WorkerContext
{
    /** The least time between two passes that close the handles of unlinked or replaced segments. */
    static final long PASS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The least time between two such passes while the worker waits for requests. */
    static final long IDLE_PASS_INTERVAL_NANOS = PoolWorker.IDLE_NS;

    private static final Opener ARRAY = (n, o, c) -> SharedArray.open(n, o);
    private static final Opener DOUBLE_ARRAY = (n, o, c) -> SharedDoubleArray.open(n, o);
    private static final Opener LONG_ARRAY = (n, o, c) -> SharedLongArray.open(n, o);
    private static final Opener VALUE = (n, o, c) -> SharedValue.open(n, o);
    private static final Opener LONG_VALUE = (n, o, c) -> SharedLong.open(n, o);
    private static final Opener DOUBLE_VALUE = (n, o, c) -> SharedDouble.open(n, o);
    private static final Opener LIST = (n, o, c) -> SharedList.open(n, o);
    private static final Opener DICT = (n, o, c) -> SharedDict.open(n, o);
    private static final Opener QUEUE = (n, o, c) -> ShmQueue.open(n, c, QueueOptions.defaults().withShm(o));
    private static final Opener MANAGER = (n, o, c) -> ShmManager.attach(n, o);

    private final ChildContext child;
    private final int workerIndex;
    private final List<String> args;
    private final ConcurrentMap<String, Object> state = new ConcurrentHashMap<>();
    /** The handles kept under the pool's root. */
    private final NamedHandles opened;
    /** The handles kept per root: the pool's, and those of the transforms' roots ({@link #transformArray}). */
    private final WorkerHandles roots = new WorkerHandles(PASS_INTERVAL_NANOS);
    private boolean closed;

    WorkerContext(final ChildContext child, final int workerIndex, final List<String> args)
    {
        this.child = child;
        this.workerIndex = workerIndex;
        this.args = List.copyOf(args);
        this.opened = roots.under(child.options().root());
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
     * The shared array {@code name}, opened on first use, or again if
     * its name was created again (see the class comment).
     *
     * @param name a segment name.
     * @return the array: a {@link SharedLongArray} or {@link SharedDoubleArray}.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array, or was opened before as another kind.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedArray array(final String name)
    {
        return open(name, SharedArray.class, null, ARRAY);
    }

    /**
     * The shared floating-point array {@code name}, opened on first use, or again if
     * its name was created again (see the class comment).
     *
     * @param name a segment name.
     * @return the array.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedDoubleArray doubleArray(final String name)
    {
        return open(name, SharedDoubleArray.class, null, DOUBLE_ARRAY);
    }

    /**
     * The shared integer array {@code name}, opened on first use, or again if
     * its name was created again (see the class comment).
     *
     * @param name a segment name.
     * @return the array.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array of an integer typecode.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedLongArray longArray(final String name)
    {
        return open(name, SharedLongArray.class, null, LONG_ARRAY);
    }

    /**
     * The shared value {@code name}, opened on first use, or again if
     * its name was created again (see the class comment).
     *
     * @param name a segment name.
     * @return the value: a {@link SharedLong} or {@link SharedDouble}.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedValue value(final String name)
    {
        return open(name, SharedValue.class, null, VALUE);
    }

    /**
     * The shared integer value {@code name}, opened on first use, or again if
     * its name was created again (see the class comment).
     *
     * @param name a segment name.
     * @return the value.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value of an integer typecode.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedLong longValue(final String name)
    {
        return open(name, SharedLong.class, null, LONG_VALUE);
    }

    /**
     * The shared floating-point value {@code name}, opened on first use, or again if
     * its name was created again (see the class comment).
     *
     * @param name a segment name.
     * @return the value.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a value of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedDouble doubleValue(final String name)
    {
        return open(name, SharedDouble.class, null, DOUBLE_VALUE);
    }

    /**
     * The shared list {@code name}, opened on first use, or again if
     * its name was created again (see the class comment).
     *
     * @param name a segment name.
     * @return the list.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a list, or was opened before as another kind.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedList list(final String name)
    {
        return open(name, SharedList.class, null, LIST);
    }

    /**
     * The shared dict {@code name}, opened on first use, or again if
     * its name was created again (see the class comment).
     *
     * @param name a segment name.
     * @return the dict.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a dict, or was opened before as another kind.
     * @throws IllegalStateException                    if the worker is ending.
     */
    public SharedDict dict(final String name)
    {
        return open(name, SharedDict.class, null, DICT);
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
        return open(name, ShmQueue.class, codec, QUEUE);
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
        return open(name, ShmManager.class, null, MANAGER);
    }

    private synchronized <T> T open(final String name, final Class<T> type, final Codec<?> codec, final Opener opener)
    {
        final AutoCloseable obj = lookup(opened, child.options(), name, codec, opener);
        if (!type.isInstance(obj))
        {
            throw new io.shmkit.segment.SegmentFormatException("'" + name + "' was opened as a " +
                obj.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(obj);
    }

    /** The handle kept for {@code name} in {@code handles}, opened now if there is none (or it was stale). */
    private AutoCloseable lookup(final NamedHandles handles, final ShmOptions options, final String name,
        final Codec<?> codec, final Opener opener)
    {
        if (closed)
        {
            throw new IllegalStateException("the pool worker is ending: its shared objects are closed");
        }
        AutoCloseable obj = handles.get(name);
        if (null == obj)
        {
            final Object identity = handles.identityOf(name); // before opening: see NamedHandles.identityOf
            obj = opener.open(name, options, codec);
            handles.put(name, obj, identity);
        }
        return obj;
    }

    /**
     * For a transform on the pool ({@link PoolTransformTask}): the array {@code name} under {@code options}' root
     * (a transform's, which may not be the pool's), kept as the arrays of {@link #array(String)} are (mapped for the
     * worker's life, released when its segment is unlinked or created again) but apart from them: no task sees it,
     * so a stale one is unmapped in the background ({@link WorkerHandles}).
     *
     * @param options the transform's segment options.
     * @param name    the array's name.
     * @return the array, and whether it was mapped by this call.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an array.
     */
    synchronized KeptArray transformArray(final ShmOptions options, final String name)
    {
        final NamedHandles handles = roots.transformsUnder(options.root());
        final boolean kept = !closed && null != handles.get(name);
        return new KeptArray((SharedArray)lookup(handles, options, name, null, ARRAY), !kept);
    }

    /**
     * Start a request: each kept name is checked again at its next lookup, and (at most once per
     * {@link #PASS_INTERVAL_NANOS}) the handles whose segment is gone or replaced are closed now.
     *
     * @return the number of handles closed.
     */
    synchronized int beginRequest()
    {
        return closed ? 0 : roots.beginRequest(System.nanoTime());
    }

    /**
     * The worker waits for a request: at most once per {@link #IDLE_PASS_INTERVAL_NANOS}, close the handles whose
     * segment is gone or replaced, so an idle worker releases an unlinked segment too.
     */
    synchronized void idle()
    {
        if (!closed)
        {
            roots.idle(System.nanoTime(), IDLE_PASS_INTERVAL_NANOS);
        }
    }

    /** Close everything opened here and through the child context; never unlinks. */
    synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            roots.closeAll();
            child.close();
        }
    }

    /**
     * An array kept for a transform, and whether this lookup mapped it.
     *
     * @param array  the array.
     * @param mapped whether it was opened (mapped) by this lookup.
     */
    record KeptArray(SharedArray array, boolean mapped)
    {
    }

    /** Opens one kind of shared object (non-capturing, so that a lookup that hits allocates nothing). */
    @FunctionalInterface
    private interface Opener
    {
        AutoCloseable open(String name, ShmOptions options, Codec<?> codec);
    }
}
