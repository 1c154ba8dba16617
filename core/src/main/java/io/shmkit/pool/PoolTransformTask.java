package io.shmkit.pool;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.shmkit.internal.segment.NamedHandles;
import io.shmkit.SharedArray;
import io.shmkit.codec.Codecs;
import io.shmkit.segment.ShmOptions;
import io.shmkit.transform.TransformWorkerHost;
import io.shmkit.transform.WorkerLaunch;

/**
 * A transform worker as a pool task ({@link PoolTransforms}): its argument is the transform's segment root, the
 * array's name and the worker's arguments ({@link WorkerLaunch#args()}), one string; in the pool worker it runs
 * {@link TransformWorkerHost#run} on the array, which it opens once and keeps mapped for the worker's life (in the
 * worker's {@link WorkerContext#state()}), with one host per worker that remembers what it warmed up.
 *
 * <p>Before each run, and about every 100 ms while the worker is idle ({@link WorkerContext#onIdle}), the task
 * closes the arrays it keeps mapped whose segment has been unlinked (so that their pages can be freed) or is another
 * file under the same name (created again: compared by the file's identity, device and inode,
 * {@link BasicFileAttributes#fileKey()}); it maps the new file on its next use.
 *
 * <p><b>Note:</b> the pool runs it on a worker's one task thread; the state it keeps is confined to that thread.
 */
final class PoolTransformTask extends TypedTask<String, Boolean>
{
    /** Separates the array's name and the worker's arguments in the task's argument (none of them holds it). */
    private static final String SEPARATOR = "\u0000";
    /** The key of the worker's {@link TransformWorkerHost} in {@link WorkerContext#state()}. */
    private static final String HOST_KEY = PoolTransformTask.class.getName() + ".host";
    /** The prefix of the keys (the file follows) of the arrays kept mapped, in {@link WorkerContext#state()}. */
    private static final String ARRAY_KEY = PoolTransformTask.class.getName() + ".array:";

    /** A task instance, as the pool makes one (in the parent for its codecs, in each worker to run it). */
    public PoolTransformTask()
    {
        super(Codecs.utf8(), Codecs.booleans());
    }

    /**
     * The task's argument for a worker of a transform.
     *
     * @param launch the worker.
     * @return the array's name and the worker's arguments, joined.
     */
    static String argument(final WorkerLaunch launch)
    {
        return launch.options().shmOptions().root() + SEPARATOR + launch.arrayName() + SEPARATOR +
            String.join(SEPARATOR, launch.args());
    }

    /**
     * Run the worker's part of the transform.
     *
     * @return whether the array was mapped by this run (its first in this worker, or the file changed).
     */
    @Override
    public Boolean apply(final String argument, final WorkerContext context)
    {
        final List<String> parts = Arrays.asList(Objects.requireNonNull(argument, "argument").split(SEPARATOR, -1));
        // the transform's root, where its array and control segments are (a fresh child gets it the same way)
        final ShmOptions options = context.options().withRoot(Path.of(parts.get(0)));
        final String name = parts.get(1);
        final TransformWorkerHost host =
            (TransformWorkerHost)context.state().computeIfAbsent(HOST_KEY, k -> new TransformWorkerHost());
        context.onIdle(HOST_KEY, () -> release(context)); // once: an idle worker unmaps a released array too
        release(context);
        final Path file = options.root().resolve(name);
        final Mapped cached = (Mapped)context.state().get(ARRAY_KEY + file);
        final boolean map = null == cached;
        final Mapped mapped = map ? new Mapped(SharedArray.open(name, options), file, fileKey(file)) : cached;
        if (map)
        {
            context.state().put(ARRAY_KEY + file, mapped);
        }
        host.run(mapped.array, parts.subList(2, parts.size()), options);
        return map;
    }

    /**
     * Close the arrays this worker keeps mapped whose segment is gone (unlinked) or is another file now (created
     * again under the same name): at the start of each transform, and about every 100 ms while the worker waits
     * for requests ({@link WorkerContext#onIdle}), so a released array is normally unmapped before the next
     * transform starts, not during it (on this kind of machine, unmapping 800 MB took up to 60 ms of CPU from the
     * workers of the next call). They are forgotten here and unmapped on a thread of their own: unmapping a large
     * array takes tens of milliseconds (and the last process to unmap it frees its pages), which neither a
     * transform nor a request that comes meanwhile need wait for.
     */
    private static void release(final WorkerContext context)
    {
        final Iterator<Map.Entry<String, Object>> it = context.state().entrySet().iterator();
        while (it.hasNext())
        {
            final Map.Entry<String, Object> e = it.next();
            if (!e.getKey().startsWith(ARRAY_KEY))
            {
                continue;
            }
            final Mapped m = (Mapped)e.getValue();
            final Object now = fileKey(m.file);
            if (m.array.isClosed() || null == now || !now.equals(m.fileKey))
            {
                it.remove();
                Unmapper.INSTANCE.execute(m.array::close);
            }
        }
    }

    /** The file's identity (its path where the file system has none); null if it is gone. */
    private static Object fileKey(final Path file)
    {
        return NamedHandles.identity(file);
    }

    /** The worker's one thread that unmaps released arrays (created on first use, in a worker only). */
    private static final class Unmapper
    {
        static final ExecutorService INSTANCE = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "shmkit-pool-unmap");
            t.setDaemon(true);
            return t;
        });
    }

    /** An array this worker keeps mapped, with its file and the identity of the file it mapped. */
    private record Mapped(SharedArray array, Path file, Object fileKey)
    {
    }
}
