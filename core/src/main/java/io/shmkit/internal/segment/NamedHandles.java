package io.shmkit.internal.segment;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shared-object handles kept open by segment name across the requests of a long-lived process (a pool worker), each
 * checked against the file its name refers to now: a handle is handed out only while its segment's file is still
 * the file it was opened on (same identity: device and inode, {@link #identity(Path)}); a handle whose file has been
 * unlinked, or replaced by a new segment created under the same name, is closed and forgotten, so that the name is
 * opened again and the old pages can be freed.
 *
 * <p>The checks are paced by requests, not by lookups: {@link #beginRequest(long)} starts a new generation, and a
 * lookup checks a name's file only if it was not checked in the current generation (one {@code stat} per name per
 * request, none for a name seen earlier in the same request; the path of a hit allocates nothing). At the start of a
 * request, at most once per {@code passIntervalNanos}, a pass checks every name and closes the stale handles, so a
 * worker releases an unlinked segment without waiting for its name to be looked up again; an idle owner may run the
 * same pass ({@link #passIfDue}). Without requests or passes a handle is checked only when it is put.
 *
 * <p>A stale handle is handed to the cache's closer, which may close it on another thread: unmapping a large array
 * takes tens of milliseconds, which the owner's request need not wait for. {@link #closeAll()} closes on the
 * caller's thread.
 *
 * <p>The identity of a file cannot be reused by a new file while a handle maps the old one (a mapping keeps the
 * unlinked file's inode allocated), so an equal identity means the same file.
 *
 * <p><b>Note:</b> not thread-safe: the owner synchronises.
 */
public final class NamedHandles
{
    private final Map<String, Entry> entries = new HashMap<>();
    private final Path root;
    private final long passIntervalNanos;
    private final Consumer<AutoCloseable> staleCloser;
    private long generation;
    /** The time of the last pass; the creation time at first (no pass is due before an interval). */
    private long lastPassNanos = System.nanoTime();

    /**
     * An empty cache.
     *
     * @param root              the directory the names are in.
     * @param passIntervalNanos the least time between two passes over every name at the start of a request.
     */
    public NamedHandles(final Path root, final long passIntervalNanos)
    {
        this(root, passIntervalNanos, NamedHandles::closeQuietly);
    }

    /**
     * An empty cache whose stale handles are closed by {@code staleCloser}.
     *
     * @param root              the directory the names are in.
     * @param passIntervalNanos the least time between two passes over every name at the start of a request.
     * @param staleCloser       closes a stale handle, forgotten by the cache (on this thread or another).
     */
    public NamedHandles(final Path root, final long passIntervalNanos, final Consumer<AutoCloseable> staleCloser)
    {
        this.root = root;
        this.passIntervalNanos = passIntervalNanos;
        this.staleCloser = staleCloser;
    }

    /**
     * The identity of the file at {@code path}: its file key (device and inode), or the path itself where the file
     * system has no file keys; {@code null} if there is no such file.
     *
     * @param path a segment's file.
     * @return the identity to compare with {@code equals}, or null.
     */
    public static Object identity(final Path path)
    {
        final Object key = SegmentRegistry.fileKey(path);
        return null == key && Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? path : key;
    }

    /**
     * The identity of the file {@code name} refers to now; read it BEFORE opening the name and give it to
     * {@link #put}: if the name is replaced between the two, the handle is then taken for stale and opened again at
     * its next check, never kept on a file that is no longer the name's.
     *
     * @param name a segment name (with or without its one leading {@code /}).
     * @return its identity, or null if there is no such file now.
     * @throws IllegalArgumentException if the name is not a segment name ({@link SegmentNames#validate}).
     */
    public Object identityOf(final String name)
    {
        return identity(file(name));
    }

    /** The file a segment name refers to: without its leading {@code /}, under the root. */
    private Path file(final String name)
    {
        return root.resolve(SegmentNames.validate(name));
    }

    /**
     * The handle kept for {@code name}, if there is one and its file is still the name's; a stale one is closed and
     * forgotten.
     *
     * @param name a segment name.
     * @return the handle, or null if the name must be opened (again).
     */
    public AutoCloseable get(final String name)
    {
        final Entry e = entries.get(name);
        if (null == e)
        {
            return null;
        }
        if (e.checked != generation)
        {
            if (!e.isCurrent())
            {
                entries.remove(name);
                staleCloser.accept(e.handle);
                return null;
            }
            e.checked = generation;
        }
        return e.handle;
    }

    /**
     * Keep {@code handle}, just opened, for {@code name}.
     *
     * @param name     a segment name (with or without its one leading {@code /}).
     * @param handle   the handle opened on it.
     * @param identity what {@link #identityOf} gave just before the name was opened (null: read now).
     */
    public void put(final String name, final AutoCloseable handle, final Object identity)
    {
        final Path file = file(name);
        final Entry e = new Entry(handle, file, null == identity ? identity(file) : identity);
        e.checked = generation;
        final Entry old = entries.put(name, e);
        if (null != old && old.handle != handle)
        {
            staleCloser.accept(old.handle);
        }
    }

    /**
     * Start a request: the next lookup of each name checks its file again; and, if {@code passIntervalNanos} have
     * passed since the last pass, check every name now and close the handles whose file is gone or replaced.
     *
     * @param nowNanos {@link System#nanoTime()}.
     * @return the number of handles closed.
     */
    public int beginRequest(final long nowNanos)
    {
        generation++;
        return passIfDue(nowNanos, passIntervalNanos);
    }

    /**
     * Between requests (the owner is idle): if {@code intervalNanos} have passed since the last pass, check every
     * name and close the handles whose file is gone or replaced, so that an idle process releases an unlinked
     * segment too.
     *
     * @param nowNanos      {@link System#nanoTime()}.
     * @param intervalNanos the least time since the last pass.
     * @return the number of handles closed.
     */
    public int passIfDue(final long nowNanos, final long intervalNanos)
    {
        if (entries.isEmpty() || nowNanos - lastPassNanos < intervalNanos)
        {
            return 0;
        }
        lastPassNanos = nowNanos;
        int released = 0;
        final Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext())
        {
            final Entry e = it.next();
            if (e.isCurrent())
            {
                e.checked = generation;
            }
            else
            {
                it.remove();
                staleCloser.accept(e.handle);
                released++;
            }
        }
        return released;
    }

    /**
     * The number of handles kept.
     *
     * @return the count.
     */
    public int size()
    {
        return entries.size();
    }

    /** Close every handle kept and forget them; never unlinks. */
    public void closeAll()
    {
        final List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        all.forEach(e -> closeQuietly(e.handle));
    }

    /**
     * Close {@code c}, ignoring what it throws: the default closer of stale handles.
     *
     * @param c a handle.
     */
    public static void closeQuietly(final AutoCloseable c)
    {
        try
        {
            c.close();
        }
        catch (final Exception ignore)
        {
            // closing a shared object does not throw; a handle that cannot close has nothing left to release
        }
    }

    /** A handle, its file, the identity of the file it was opened on, and the generation it was last checked in. */
    private static final class Entry
    {
        private final AutoCloseable handle;
        private final Path file;
        private final Object identity;
        private long checked;

        Entry(final AutoCloseable handle, final Path file, final Object identity)
        {
            this.handle = handle;
            this.file = file;
            this.identity = identity;
        }

        boolean isCurrent()
        {
            return null != identity && identity.equals(identity(file));
        }
    }
}
