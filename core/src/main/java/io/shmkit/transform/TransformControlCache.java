package io.shmkit.transform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * The control segments of transforms kept between calls by a long-lived launcher (a pool's, {@link
 * WorkerLauncher#controlCache()}): a transform takes an idle set of the same shape (workers, units, root) or
 * creates one, and gives it back once every worker of it has ended; a set given back after a call that succeeded
 * is reset to the state of a new one and kept, otherwise unlinked. So a second transform of the same array on the
 * same warm workers creates, maps and unlinks no segment. {@link #close()} unlinks the idle sets, and every set
 * given back after it.
 *
 * <p><b>Throws:</b> nothing from its constructor and {@link #close()}; taking a set for a transform throws
 * UncheckedIOException if a segment cannot be created.
 *
 * <p><b>Note:</b> thread-safe: transforms running at once each take their own set.
 */
public final class TransformControlCache implements AutoCloseable
{
    private static final AtomicLong COUNTER = new AtomicLong();

    private final List<Idle> idle = new ArrayList<>();
    private final Map<TransformControl, Path> inUse = new IdentityHashMap<>();
    private boolean closed;

    /** An empty cache. */
    public TransformControlCache()
    {
    }

    /**
     * A new set of control segments under a fresh name, as {@link TransformHandle} names them.
     *
     * @param workers the number of workers.
     * @param units   the number of units.
     * @param options root and options of the segments.
     * @return the owner of the segments: its {@link TransformControl#close()} unlinks them.
     */
    static TransformControl createNew(final int workers, final int units, final ShmOptions options)
    {
        final String base = "shmkit-xf-" + ProcessIdentity.current().pid() + "-" + COUNTER.incrementAndGet() + "-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
        return TransformControl.create(base, workers, units, options.withPersistent(false));
    }

    /**
     * An idle set of this shape, or a new one.
     *
     * @param workers the number of workers.
     * @param units   the number of units.
     * @param options root and options of the segments.
     * @return the set, to {@link #giveBack} once the transform's workers have all ended.
     * @throws java.io.UncheckedIOException if a segment cannot be created.
     */
    TransformControl take(final int workers, final int units, final ShmOptions options)
    {
        final Path root = options.root();
        synchronized (this)
        {
            for (int i = 0; i < idle.size(); i++)
            {
                final Idle e = idle.get(i);
                if (e.root.equals(root) && TransformControl.workers(e.control.control()) == workers &&
                    e.control.claims().length() == units)
                {
                    idle.remove(i);
                    inUse.put(e.control, root);
                    return e.control;
                }
            }
        }
        final TransformControl c = createNew(workers, units, options);
        synchronized (this)
        {
            inUse.put(c, root);
        }
        return c;
    }

    /**
     * Give a set back: reset and kept if {@code reusable} and the cache is open, else unlinked.
     *
     * @param control  a set from {@link #take}, no longer used by any worker.
     * @param reusable whether the call succeeded (every worker ended normally).
     */
    void giveBack(final TransformControl control, final boolean reusable)
    {
        final Path root;
        synchronized (this)
        {
            root = inUse.remove(control);
            if (!closed && reusable && null != root)
            {
                control.reset();
                idle.add(new Idle(root, control));
                return;
            }
        }
        control.close();
    }

    /** Unlink the idle sets; sets in use are unlinked when given back. Idempotent. */
    @Override
    public void close()
    {
        final List<Idle> gone;
        synchronized (this)
        {
            closed = true;
            gone = new ArrayList<>(idle);
            idle.clear();
        }
        for (final Idle e : gone)
        {
            e.control.close();
        }
    }

    /** An idle set and its root. */
    private record Idle(Path root, TransformControl control)
    {
    }
}
