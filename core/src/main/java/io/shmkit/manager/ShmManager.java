package io.shmkit.manager;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.shmkit.Segments;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * A named context that owns a job's shared objects: Python's {@code Manager()}, without a server. The parent
 * {@link #create creates} it under one name and creates objects in it under keys of their own
 * ({@link #newList}, {@link #newDict}, {@link #newLongArray}, ..., or any segment through {@link #register});
 * children {@link #attach} with the name alone and look objects up by key ({@link #list}, {@link #dict}, ...,
 * {@link #lookup}). The object of key {@code k} lives in the segment {@code <name>.<k>}; the manager's directory
 * (segment {@code <name>}, kind {@code MANAGER}) lists keys and kinds, as in {@code docs/layout.md}.
 *
 * <p><b>Lifetime.</b> Everything belongs to the owner (the creating process): only it creates objects. When it
 * {@link #close()}s the manager, it marks the directory closed, then closes and unlinks every object, then the
 * directory. When it exits normally, its segments are unlinked like any it created; when it dies, they all name
 * it as their dead creator and {@link Segments#clean} ({@code shmkit clean}) removes them. An attacher never sees
 * a half-made entry (an object's segment is created before its entry is published); looking up an object that is
 * gone, or a manager its owner closed, is an {@link IllegalStateException} that says so.
 *
 * <p><b>Throws:</b> IllegalArgumentException (invalid name or key; a key taken; a capacity, typecode or value out of
 * range; a key looked up before as another type), IllegalStateException (not the owner, manager full, handle closed,
 * manager closed by its owner, object gone; a handle that refuses to close), NoSuchElementException (no object of that
 * key), SegmentFormatException (an object of another kind; not a manager's directory, or corrupted),
 * UncheckedIOException (name exists, no such manager, directory gone).
 *
 * <p><b>Note:</b> thread-safe (creation is serialised on this object) and process-safe. Handles returned by the
 * lookups and creators are cached per key and closed by {@link #close()}; the same key gives the same handle, or a fresh one if the user closed it.
 */
public final class ShmManager implements AutoCloseable
{
    private final ManagerDirectory directory;
    private final ShmOptions options;
    private final boolean owner;
    private final ManagerObjects objects;
    private boolean closed;

    private ShmManager(final ManagerDirectory directory, final ShmOptions options, final boolean owner)
    {
        this.directory = directory;
        this.options = options;
        this.owner = owner;
        this.objects = new ManagerObjects(directory, options, owner);
    }

    /**
     * The segment name of the object {@code key} of the manager {@code manager}: {@code <manager>.<key>}, the one
     * naming rule of a manager's objects (for tools that remove or inspect them by name).
     *
     * @param manager the manager's name.
     * @param key     the object's key.
     * @return the segment name.
     */
    public static String objectName(final String manager, final String key)
    {
        return manager + "." + key;
    }

    /**
     * Create a manager with default options; this process owns it.
     *
     * @param name the manager's name (at most 135 characters).
     * @return the manager.
     * @throws IllegalArgumentException     if the name is invalid or too long.
     * @throws java.io.UncheckedIOException if the name exists or the directory cannot be created.
     */
    public static ShmManager create(final String name)
    {
        return create(name, ShmOptions.defaults());
    }

    /**
     * Create a manager; this process owns it and every object created in it.
     *
     * @param name    the manager's name (at most 135 characters).
     * @param options root and persistence, used for the objects too.
     * @return the manager.
     * @throws IllegalArgumentException     if the name is invalid or too long.
     * @throws java.io.UncheckedIOException if the name exists or the directory cannot be created.
     */
    public static ShmManager create(final String name, final ShmOptions options)
    {
        return new ShmManager(ManagerDirectory.create(name, options), options, true);
    }

    /**
     * Attach to a manager by name, with default options.
     *
     * @param name the manager's name.
     * @return a handle for looking objects up.
     * @throws java.io.UncheckedIOException if there is no such manager.
     * @throws SegmentFormatException       if the segment is not a manager's directory, or is corrupted.
     * @throws IllegalStateException        if its owner has closed it.
     */
    public static ShmManager attach(final String name)
    {
        return attach(name, ShmOptions.defaults());
    }

    /**
     * Attach to a manager by name.
     *
     * @param name    the manager's name.
     * @param options root directory and open timeout.
     * @return a handle for looking objects up.
     * @throws java.io.UncheckedIOException if there is no such manager.
     * @throws SegmentFormatException       if the segment is not a manager's directory, or is corrupted.
     * @throws IllegalStateException        if its owner has closed it.
     */
    public static ShmManager attach(final String name, final ShmOptions options)
    {
        final ShmManager m = new ShmManager(ManagerDirectory.open(name, options), options, false);
        if (m.directory.isClosedByOwner())
        {
            m.directory.segment().close();
            throw new IllegalStateException("manager '" + name + "' was closed by its owner");
        }
        return m;
    }

    /**
     * The manager's name.
     *
     * @return the name children attach with.
     */
    public String name()
    {
        return directory.segment().name();
    }

    /**
     * Whether this handle created the manager.
     *
     * @return true for the owner.
     */
    public boolean isOwner()
    {
        return owner;
    }

    /**
     * Whether the owning process still runs (an attacher's check before waiting on objects).
     *
     * @return false once the owner has died.
     * @throws java.io.UncheckedIOException if the directory is gone.
     */
    public boolean isOwnerAlive()
    {
        return Segments.inspect(name(), options).creatorAlive();
    }

    /**
     * The most objects the manager holds.
     *
     * @return the directory's entry capacity, fixed at creation.
     */
    public int capacity()
    {
        return directory.capacity();
    }

    /**
     * The keys of the objects, in creation order (a snapshot of the published entries).
     *
     * @return the keys.
     * @throws IllegalStateException if this handle is closed.
     */
    public synchronized List<String> keys()
    {
        checkOpen();
        return directory.keys();
    }

    // The typed creators (newList ... newLong) and lookups (list ... longValue) repeat one shape on purpose: each
    // is one line over register or lookup, with its own types and Javadoc.

    /**
     * Create a {@link SharedList} under {@code key}.
     *
     * @param key        the object's key: 1 to 64 of {@code [A-Za-z0-9_-]}.
     * @param maxRecords see {@link SharedList#create(String, int, long, ShmOptions)}.
     * @param maxBytes   see {@link SharedList#create(String, int, long, ShmOptions)}.
     * @return the list.
     * @throws IllegalArgumentException if the key is invalid or taken, or a capacity out of range.
     * @throws IllegalStateException    if this handle is not the owner, is closed, or the manager is full.
     */
    public SharedList newList(final String key, final int maxRecords, final long maxBytes)
    {
        return register(key, SegmentKind.LIST, (n, o) -> SharedList.create(n, maxRecords, maxBytes, o),
            SharedList::unlink);
    }

    /**
     * Create a {@link SharedDict} under {@code key}.
     *
     * @param key        the object's key: 1 to 64 of {@code [A-Za-z0-9_-]}.
     * @param maxEntries see {@link SharedDict#create(String, int, long, ShmOptions)}.
     * @param maxBytes   see {@link SharedDict#create(String, int, long, ShmOptions)}.
     * @return the dict.
     * @throws IllegalArgumentException if the key is invalid or taken, or a capacity out of range.
     * @throws IllegalStateException    if this handle is not the owner, is closed, or the manager is full.
     */
    public SharedDict newDict(final String key, final int maxEntries, final long maxBytes)
    {
        return register(key, SegmentKind.DICT, (n, o) -> SharedDict.create(n, maxEntries, maxBytes, o),
            SharedDict::unlink);
    }

    /**
     * Create a {@link SharedLongArray} under {@code key}.
     *
     * @param key      the object's key.
     * @param typecode an integer typecode.
     * @param length   the number of elements.
     * @return the array.
     * @throws IllegalArgumentException if the key is invalid or taken, or the typecode or length invalid.
     * @throws IllegalStateException    if this handle is not the owner, is closed, or the manager is full.
     */
    public SharedLongArray newLongArray(final String key, final char typecode, final long length)
    {
        return register(key, SegmentKind.ARRAY, (n, o) -> SharedLongArray.create(n, typecode, length, o),
            SharedLongArray::unlink);
    }

    /**
     * Create a {@link SharedLong} (Python's {@code Value}, or a {@code Namespace} field) under {@code key}.
     *
     * @param key      the object's key.
     * @param typecode an integer typecode.
     * @param initial  the initial value.
     * @return the value.
     * @throws IllegalArgumentException if the key is invalid or taken, or the typecode or value invalid.
     * @throws IllegalStateException    if this handle is not the owner, is closed, or the manager is full.
     */
    public SharedLong newLong(final String key, final char typecode, final long initial)
    {
        return register(key, SegmentKind.VALUE, (n, o) -> SharedLong.create(n, typecode, initial, o),
            SharedLong::unlink);
    }

    /**
     * The {@link SharedList} of {@code key}.
     *
     * @param key the object's key.
     * @return the list (the same handle for every call on this manager).
     * @throws NoSuchElementException if the manager has no object of that key.
     * @throws SegmentFormatException if the object is not a list.
     * @throws IllegalStateException  if the object is gone, the manager was closed by its owner, or this handle is
     *                                closed.
     */
    public SharedList list(final String key)
    {
        return lookup(key, SegmentKind.LIST, SharedList.class, SharedList::open);
    }

    /**
     * The {@link SharedDict} of {@code key}.
     *
     * @param key the object's key.
     * @return the dict.
     * @throws NoSuchElementException if the manager has no object of that key.
     * @throws SegmentFormatException if the object is not a dict.
     * @throws IllegalStateException  if the object is gone, the manager was closed by its owner, or this handle is
     *                                closed.
     */
    public SharedDict dict(final String key)
    {
        return lookup(key, SegmentKind.DICT, SharedDict.class, SharedDict::open);
    }

    /**
     * The {@link SharedLongArray} of {@code key}.
     *
     * @param key the object's key.
     * @return the array.
     * @throws NoSuchElementException if the manager has no object of that key.
     * @throws SegmentFormatException if the object is not an integer array.
     * @throws IllegalStateException  if the object is gone, the manager was closed by its owner, or this handle is
     *                                closed.
     */
    public SharedLongArray longArray(final String key)
    {
        return lookup(key, SegmentKind.ARRAY, SharedLongArray.class, SharedLongArray::open);
    }

    /**
     * The {@link SharedLong} of {@code key}.
     *
     * @param key the object's key.
     * @return the value.
     * @throws NoSuchElementException if the manager has no object of that key.
     * @throws SegmentFormatException if the object is not an integer value.
     * @throws IllegalStateException  if the object is gone, the manager was closed by its owner, or this handle is
     *                                closed.
     */
    public SharedLong longValue(final String key)
    {
        return lookup(key, SegmentKind.VALUE, SharedLong.class, SharedLong::open);
    }

    /**
     * Create any segment-backed object under {@code key} and own it: the way queues, synchronisers and
     * {@link SharedDoubleArray}s, {@link SharedDouble}s join a manager. The object is created before its entry is
     * published; if publishing fails it is unlinked and closed.
     *
     * @param key    the object's key: 1 to 64 of {@code [A-Za-z0-9_-]}.
     * @param kind   the kind of segment {@code create} makes, recorded in the directory.
     * @param create makes the object, given its segment name and the manager's options.
     * @param unlink removes the object's segment when the owner closes the manager.
     * @param <T>    the object's type.
     * @return the object.
     * @throws IllegalArgumentException if the key is invalid or taken.
     * @throws IllegalStateException    if this handle is not the owner, is closed, or the manager is full.
     */
    public synchronized <T extends AutoCloseable> T register(
        final String key, final SegmentKind kind, final BiFunction<String, ShmOptions, T> create,
        final Consumer<? super T> unlink)
    {
        checkOpen();
        return objects.register(key, kind, create, unlink);
    }

    /**
     * Look up any object by key, opening it on first use: the counterpart of {@link #register}.
     *
     * @param key  the object's key.
     * @param kind the kind expected.
     * @param type the handle's class.
     * @param open opens the object, given its segment name and the manager's options.
     * @param <T>  the object's type.
     * @return the object (the same handle for every call on this manager).
     * @throws NoSuchElementException   if the manager has no object of that key.
     * @throws SegmentFormatException   if the object is of another kind.
     * @throws IllegalArgumentException if the key was looked up before as another type.
     * @throws IllegalStateException    if the object is gone, the manager was closed by its owner, or this handle is
     *                                  closed.
     */
    public synchronized <T extends AutoCloseable> T lookup(
        final String key, final SegmentKind kind, final Class<T> type, final BiFunction<String, ShmOptions, T> open)
    {
        checkOpen();
        return objects.lookup(key, kind, type, open);
    }

    /**
     * Close the handles this manager gave out; the owner first marks the manager closed and unlinks every object
     * and the directory. Idempotent.
     *
     * @throws IllegalStateException if a handle refuses to close (the calling thread holds one of its locks).
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        objects.close();
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("manager '" + name() + "' is closed");
        }
    }

    @Override
    public String toString()
    {
        return "ShmManager{" + name() + (owner ? ", owner" : "") + (closed ? ", closed" : "") + "}";
    }
}
