package io.shmkit.transform;

import java.util.List;

import io.shmkit.SharedArray;

/**
 * What a {@link WorkerLauncher} is asked to run: worker {@link #worker()} of {@link #workers()} of one transform,
 * over the array named {@link #arrayName()}, with the arguments {@link #args()} that
 * {@link TransformWorkerHost#run} takes in the worker's process.
 *
 * <p><b>Throws:</b> nothing: accessors only.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public final class WorkerLaunch
{
    private final SharedArray array;
    private final WorkPlan plan;
    private final WorkerArgs args;
    private final TransformOptions options;

    WorkerLaunch(final SharedArray array, final WorkPlan plan, final WorkerArgs args, final TransformOptions options)
    {
        this.array = array;
        this.plan = plan;
        this.args = args;
        this.options = options;
    }

    /**
     * The array, as the calling process holds it (for its name, typecode and options; the worker opens its own
     * mapping).
     *
     * @return the array.
     */
    public SharedArray array()
    {
        return array;
    }

    /**
     * The name of the array's segment, which the worker's process opens.
     *
     * @return the name.
     */
    public String arrayName()
    {
        return array.name();
    }

    /**
     * This worker's index, from 0; also the index of its partition.
     *
     * @return the index.
     */
    public int worker()
    {
        return args.worker();
    }

    /**
     * The number of workers of the transform, all of which must run at once.
     *
     * @return at least 1.
     */
    public int workers()
    {
        return plan.workers();
    }

    /**
     * This worker's own partition (the others may take part of it).
     *
     * @return the partition.
     */
    public Partition partition()
    {
        return plan.partitions().get(args.worker());
    }

    /**
     * The operation.
     *
     * @return the operation.
     */
    public TransformOp op()
    {
        return args.op();
    }

    /**
     * The transform's options (its launcher, timeout, JVM settings of fresh children, segment root).
     *
     * @return the options.
     */
    public TransformOptions options()
    {
        return options;
    }

    /**
     * The worker's arguments, to hand to {@link TransformWorkerHost#run} in its process, as they are.
     *
     * @return an immutable list of strings.
     */
    public List<String> args()
    {
        return List.of(args.toArgs());
    }

    WorkPlan plan()
    {
        return plan;
    }

    WorkerArgs workerArgs()
    {
        return args;
    }

    @Override
    public String toString()
    {
        return "WorkerLaunch{worker " + worker() + " of " + workers() + ", " + partition() + ", array=" +
            arrayName() + ", op=" + op() + "}";
    }
}
