package io.shmkit.pool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.shmkit.internal.segment.NamedHandles;

/**
 * The shared objects a pool worker keeps open by name ({@link WorkerContext}), one {@link NamedHandles} per segment
 * root, in two sets:
 * <ul>
 *   <li>a task's objects ({@link #under}): a stale one is closed on the caller's thread, the worker's task thread
 *       between requests, so that a task that kept a handle past its request (against the contract) gets an
 *       {@link IllegalStateException} from it, never a read of unmapped memory;</li>
 *   <li>the arrays of the transforms run on the pool ({@link #transformsUnder}), which no task sees: a stale one is
 *       unmapped by one thread of the worker's own, off the request's thread (unmapping 800 MB takes tens of
 *       milliseconds, which the next transform need not wait for).</li>
 * </ul>
 *
 * <p><b>Note:</b> not thread-safe: {@link WorkerContext} synchronises.
 */
final class WorkerHandles
{
    private final Map<Path, NamedHandles> tasks = new LinkedHashMap<>();
    private final Map<Path, NamedHandles> transforms = new LinkedHashMap<>();
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

    /** The task objects kept under {@code root}. */
    NamedHandles under(final Path root)
    {
        return tasks.computeIfAbsent(root, r -> new NamedHandles(r, passIntervalNanos));
    }

    /** The transform arrays kept under {@code root}. */
    NamedHandles transformsUnder(final Path root)
    {
        return transforms.computeIfAbsent(root, r -> new NamedHandles(r, passIntervalNanos, Unmapper::close));
    }

    /** A request starts ({@link NamedHandles#beginRequest}, for every root); the number of handles closed. */
    int beginRequest(final long nowNanos)
    {
        int released = 0;
        for (final NamedHandles handles : all())
        {
            released += handles.beginRequest(nowNanos);
        }
        return released;
    }

    /** The worker is idle ({@link NamedHandles#passIfDue}, for every root). */
    void idle(final long nowNanos, final long intervalNanos)
    {
        for (final NamedHandles handles : all())
        {
            handles.passIfDue(nowNanos, intervalNanos);
        }
    }

    /** Close every handle kept, on the caller's thread; never unlinks. */
    void closeAll()
    {
        all().forEach(NamedHandles::closeAll);
    }

    private List<NamedHandles> all()
    {
        final List<NamedHandles> all = new ArrayList<>(tasks.values());
        all.addAll(transforms.values());
        return all;
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
