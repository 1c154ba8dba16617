package io.shmkit.manager;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.SharedHandle;
import io.shmkit.segment.ShmOptions;

/**
 * The objects of a {@link ShmManager}: creating and publishing them (owner), opening them by key, caching one
 * handle per key, and unlinking and closing them all. Not thread-safe: {@link ShmManager} serialises the calls and
 * checks that it is open.
 */
final class ManagerObjects
{
    /** An object the owner created: its handle and how to unlink its segment. */
    private record Owned(AutoCloseable handle, Runnable unlink)
    {
    }

    private final ManagerDirectory directory;
    private final ShmOptions options;
    private final boolean owner;
    private final Map<String, AutoCloseable> handles = new LinkedHashMap<>();
    private final List<Owned> owned = new ArrayList<>();

    ManagerObjects(final ManagerDirectory directory, final ShmOptions options, final boolean owner)
    {
        this.directory = directory;
        this.options = options;
        this.owner = owner;
    }

    /** See {@link ShmManager#register}. */
    <T extends AutoCloseable> T register(
        final String key, final SegmentKind kind, final BiFunction<String, ShmOptions, T> create,
        final Consumer<? super T> unlink)
    {
        ManagerDirectory.checkKey(key);
        if (!owner)
        {
            throw new IllegalStateException("only the owner of manager '" + name() + "' creates objects in it");
        }
        if (directory.kindOf(key) != 0)
        {
            throw new IllegalArgumentException("manager '" + name() + "' has an object '" + key + "' already");
        }
        if (!directory.hasRoom())
        {
            throw new IllegalStateException("manager '" + name() + "' is full: " + directory.capacity() + " objects");
        }
        final T object = create.apply(directory.segmentName(key), options);
        try
        {
            directory.publish(key, kind);
        }
        catch (final RuntimeException | Error ex)
        {
            // not published: nobody can look it up, so it goes now (ShmManager.register's contract)
            try
            {
                unlink.accept(object);
                object.close();
            }
            catch (final Exception suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        handles.put(key, object);
        owned.add(new Owned(object, () -> unlink.accept(object)));
        return object;
    }

    /** See {@link ShmManager#lookup}. */
    <T extends AutoCloseable> T lookup(
        final String key, final SegmentKind kind, final Class<T> type, final BiFunction<String, ShmOptions, T> open)
    {
        if (directory.isClosedByOwner())
        {
            throw new IllegalStateException("manager '" + name() + "' was closed by its owner");
        }
        final int recorded = directory.kindOf(ManagerDirectory.checkKey(key));
        if (recorded == 0)
        {
            throw new NoSuchElementException("manager '" + name() + "' has no object '" + key + "' (it has " +
                directory.keys() + ")");
        }
        if (recorded != kind.id())
        {
            throw new SegmentFormatException("object '" + key + "' of manager '" + name() + "' is of kind " +
                SegmentKind.fromId(recorded) + ", not " + kind);
        }
        final AutoCloseable cached = handles.get(key);
        if (null != cached && !isClosed(cached)) // a handle the user closed is replaced by a fresh one
        {
            if (!type.isInstance(cached))
            {
                throw new IllegalArgumentException("object '" + key + "' of manager '" + name() + "' is a " +
                    cached.getClass().getSimpleName() + ", not a " + type.getSimpleName());
            }
            return type.cast(cached);
        }
        final T object;
        try
        {
            object = open.apply(directory.segmentName(key), options);
        }
        catch (final UncheckedIOException ex)
        {
            if (ex.getCause() instanceof NoSuchFileException)
            {
                throw new IllegalStateException("object '" + key + "' of manager '" + name() + "' is gone: its owner " +
                    "closed the manager, or died and its segments were cleaned (shmkit clean)", ex);
            }
            throw ex;
        }
        handles.put(key, object);
        return object;
    }

    /** Whether a cached handle of one of shmkit's kinds was closed; other types are taken as open. */
    private static boolean isClosed(final AutoCloseable handle)
    {
        return handle instanceof SharedHandle h && h.isClosed();
    }

    /** See {@link ShmManager#close()}: the owner marks the manager closed and unlinks everything first. */
    void close()
    {
        if (owner)
        {
            directory.markClosed();
            for (final Owned o : owned)
            {
                o.unlink().run();
            }
        }
        RuntimeException failure = null;
        for (final AutoCloseable h : handles.values())
        {
            try
            {
                h.close();
            }
            catch (final Exception ex)
            {
                failure = null == failure ? new IllegalStateException("closing manager '" + name() + "'", ex) : failure;
            }
        }
        if (owner)
        {
            directory.segment().unlink();
        }
        directory.segment().close();
        if (null != failure)
        {
            throw failure;
        }
    }

    private String name()
    {
        return directory.segment().name();
    }
}
