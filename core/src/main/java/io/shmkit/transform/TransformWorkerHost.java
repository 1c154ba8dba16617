package io.shmkit.transform;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.shmkit.SharedArray;
import io.shmkit.segment.ShmOptions;

/**
 * The worker's side of a {@link WorkerLauncher} whose workers outlive a transform (a pool's warm JVMs): runs a
 * transform worker's code in this process on an array the caller keeps open between transforms, and remembers
 * what this process has prepared, so that a second transform of the same array pays no warm-up of code it has
 * already compiled (and, the caller keeping the array mapped, no mapping of pages it has already touched).
 *
 * <pre>{@code
 * // in the worker's process, for each WorkerLaunch the launcher received (its args and array name sent over):
 * SharedArray array = kept.get(arrayName);  // kept mapped between transforms; a cache that also closes an
 * host.run(array, args, options);           // array whose segment was unlinked (a pool: WorkerContext)
 * }</pre>
 *
 * <p>A worker run here behaves as in a fresh child ({@link Transforms}): it prepares, reports ready, waits for
 * the start, shares out the units and reports progress and the unit it is inside through the transform's
 * control segments, which it opens by name; the host keeps the last run's set mapped and uses it again when the
 * next run names the same set (a launcher that reuses its sets, {@link TransformControlCache}), and closes it when
 * a run names another set. It does not prefault, whatever the options say ({@link TransformOptions#prefault()}
 * is a fresh child's): the caller waits for the whole call, and a page first touched in the phase is mapped by
 * the one process that runs its unit, while the work sharing evens out the workers' faults (a prefault left the
 * worker that finished it first waiting for the other: docs/transforms.md, "No prefault on a pool"). It warms a
 * built-in operation's code up only the first time it runs that operation on that kind of array. It returns
 * normally when its work is done (or the transform was aborted before the start), and throws what the operation
 * threw: the transform then reports the unit it was inside as in doubt.
 *
 * <p><b>Note:</b> thread-safe; meant to be one per process, used by the thread that runs the pool's tasks. The
 * transform's own work is process-safe as {@link Transforms} describes.
 */
public final class TransformWorkerHost
{
    /** The operations warmed up, with the typecode and locking they were warmed up on. */
    private final Set<String> warmed = new HashSet<>();
    /** The control segments of the last run, kept mapped for the next; guarded by this. */
    private TransformControl kept;
    /** The root of {@link #kept}; guarded by this. */
    private Path keptRoot;
    /** Whether a run uses {@link #kept}; guarded by this. */
    private boolean keptBusy;

    /**
     * The JVM options with which a fresh transform child compiles its hot path (in the foreground, at lower
     * thresholds, and without safepoint polls in counted loops: see {@link Transforms}), for a process that will
     * run transform workers through a host: with them, the first transform's warm-up leaves the whole unit loop
     * compiled by C2 before its phase starts. They apply to the whole JVM: a counted loop of any code in it then
     * delays safepoints (garbage collections) until it ends.
     *
     * @return an immutable list of JVM options.
     */
    public static List<String> jvmOptions()
    {
        return TransformJvm.CHILD_JVM_OPTIONS;
    }

    /**
     * A host that has prepared nothing yet.
     */
    public TransformWorkerHost()
    {
    }

    /**
     * Run a transform worker's code, as {@link WorkerLaunch#args()} describes it, on {@code array}, in this
     * thread; returns when the worker's work is done.
     *
     * @param array   the array named by {@link WorkerLaunch#arrayName()}, opened in this process (and left open:
     *                the caller keeps it mapped for the next transform).
     * @param args    the worker's arguments, {@link WorkerLaunch#args()} as they were.
     * @param options the segment options to open the transform's control segments with (their root must be the
     *                calling process's).
     * @throws IllegalArgumentException     if the arguments are not a worker's, or do not fit the array.
     * @throws java.io.UncheckedIOException if the control segments do not exist (the transform has ended).
     * @throws IllegalStateException        if the array is closed, or the start did not come within the
     *                                      transform's time limit.
     * @throws RuntimeException             what the operation threw (a narrow type's range error, a user
     *                                      operation's exception).
     */
    public void run(final SharedArray array, final List<String> args, final ShmOptions options)
    {
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(options, "options");
        if (array.isClosed())
        {
            throw new IllegalStateException("array '" + array.name() + "' is closed");
        }
        final WorkerArgs a = WorkerArgs.parse(args);
        a.checkSameFile(array);
        final WorkPlan plan = WorkPlan.of(array, a.from(), a.to(), a.workers());
        final boolean warm = firstWarmUp(array, a.op());
        final TransformControl c = takeControl(options, a.control(), plan.units());
        try
        {
            TransformWorker.work(array, c.control(), c.claims(), c.progress(), a.worker(), plan, a.op(),
                a.progressBatch(), false, warm, a.goTimeoutMs(), null); // no prefault: see the class comment
        }
        finally
        {
            giveBackControl(c);
        }
    }

    /**
     * The control segments named {@code name}: those kept mapped from the previous run if they are the same (a
     * pool's transforms reuse their set, {@link TransformControlCache}), else opened (and kept, the previous ones
     * closed). So a worker holds at most one set mapped between runs, until its next run or its end.
     */
    private TransformControl takeControl(final ShmOptions options, final String name, final int units)
    {
        final Path root = options.root();
        synchronized (this)
        {
            if (!keptBusy && null != kept)
            {
                if (kept.name().equals(name) && keptRoot.equals(root) && kept.claims().length() == units)
                {
                    keptBusy = true;
                    return kept;
                }
                kept.close();
                kept = null;
            }
        }
        final TransformControl c = TransformControl.open(options, name, units);
        synchronized (this)
        {
            if (null == kept && !keptBusy)
            {
                kept = c;
                keptRoot = root;
                keptBusy = true;
            }
        }
        return c;
    }

    private void giveBackControl(final TransformControl c)
    {
        synchronized (this)
        {
            if (c == kept)
            {
                keptBusy = false;
                return;
            }
        }
        c.close();
    }

    /** Whether this is the first run of this operation on this kind of array here (and so it must warm up). */
    private boolean firstWarmUp(final SharedArray array, final TransformOp op)
    {
        synchronized (warmed)
        {
            return warmed.add(warmUpKey(array, op));
        }
    }

    /**
     * Whether this host has warmed {@code op} up on arrays like {@code array} (typecode and locking).
     *
     * @param array the array.
     * @param op    the operation.
     * @return true once a run of that operation on such an array has begun here.
     */
    boolean hasWarmedUp(final SharedArray array, final TransformOp op)
    {
        synchronized (warmed)
        {
            return warmed.contains(warmUpKey(array, op));
        }
    }

    private static String warmUpKey(final SharedArray array, final TransformOp op)
    {
        return op.encode() + " on " + array.typeCode().code() + (array.hasLocks() ? " locked" : " raw");
    }

    @Override
    public String toString()
    {
        synchronized (warmed)
        {
            return "TransformWorkerHost{warmed=" + warmed + "}";
        }
    }
}
