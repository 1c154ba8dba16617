package io.shmkit.pool;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.shmkit.internal.segment.NamedHandles;

/**
 * The shared objects a pool worker keeps open by name ({@link WorkerContext}): one {@link NamedHandles} per segment
 * root (the pool's, and those of the transforms run on it), whose stale handles are closed (their pages unmapped)
 * by one thread of the worker's own, off the request's thread: unmapping 800 MB takes tens of milliseconds.
 *
 * <p><b>Note:</b> not thread-safe: {@link WorkerContext} synchronises.
 */
final class WorkerHandles
{
    private final Map<Path, NamedHandles> roots = new LinkedHashMap<>();
    private final long passIntervalNanos;

    /**
     * No handles yet.
     *
     * @param passIntervalNanos the least time between two passes at the start of requests.
     */
    WorkerHandles(final long passIntervalNanos)
    {
        this.passIntervalNanos = passIntervalNanos;
    }

    /** The handles kept under {@code root}. */
    NamedHandles under(final Path root)
    {
        return roots.computeIfAbsent(root, r -> new NamedHandles(r, passIntervalNanos, Unmapper::close));
    }

    /** A request starts ({@link NamedHandles#beginRequest}, for every root); the number of handles closed. */
    int beginRequest(final long nowNanos)
    {
        int released = 0;
        for (final NamedHandles handles : roots.values())
        {
            released += handles.beginRequest(nowNanos);
        }
        return released;
    }

    /** The worker is idle ({@link NamedHandles#passIfDue}, for every root). */
    void idle(final long nowNanos, final long intervalNanos)
    {
        for (final NamedHandles handles : roots.values())
        {
            handles.passIfDue(nowNanos, intervalNanos);
        }
    }

    /** Close every handle kept, on the caller's thread; never unlinks. */
    void closeAll()
    {
        roots.values().forEach(NamedHandles::closeAll);
    }

    /** The worker's one thread that closes (unmaps) stale handles, created on first use. */
    private static final class Unmapper
    {
        private static final ExecutorService INSTANCE = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "shmkit-pool-unmap");
            t.setDaemon(true);
            return t;
        });

        static void close(final AutoCloseable handle)
        {
            INSTANCE.execute(() -> NamedHandles.closeQuietly(handle));
        }
    }
}
