package io.shmkit.pool;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.shmkit.codec.Codecs;
import io.shmkit.segment.ShmOptions;
import io.shmkit.transform.TransformWorkerHost;
import io.shmkit.transform.WorkerLaunch;

/**
 * A transform worker as a pool task ({@link PoolTransforms}): its argument is the transform's segment root, the
 * array's name and the worker's arguments ({@link WorkerLaunch#args()}), one string; in the pool worker it runs
 * {@link TransformWorkerHost#run} on the array, with one host per worker (in the worker's
 * {@link WorkerContext#state()}) that remembers what it warmed up.
 *
 * <p>The array is kept mapped by the worker's context ({@link WorkerContext#transformArray}): opened once, and
 * released (unmapped on a thread of its own) when its segment is unlinked or created again, at the start of a
 * request or within an idle interval while the worker is idle, so that a released array is normally unmapped
 * before the next transform starts, not during it (on this kind of machine, unmapping 800 MB took up to 60 ms of
 * CPU from the workers of the next call).
 *
 * <p><b>Note:</b> the pool runs it on a worker's one task thread; the state it keeps is confined to that thread.
 */
final class PoolTransformTask extends TypedTask<String, Boolean>
{
    /** Separates the array's name and the worker's arguments in the task's argument (none of them holds it). */
    private static final String SEPARATOR = "\u0000";
    /** The key of the worker's {@link TransformWorkerHost} in {@link WorkerContext#state()}. */
    private static final String HOST_KEY = PoolTransformTask.class.getName() + ".host";

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
        final TransformWorkerHost host =
            (TransformWorkerHost)context.state().computeIfAbsent(HOST_KEY, k -> new TransformWorkerHost());
        final WorkerContext.KeptArray kept = context.transformArray(options, parts.get(1));
        host.run(kept.array(), parts.subList(2, parts.size()), options);
        return kept.mapped();
    }
}
