package io.shmkit.transform;

import java.util.List;

import io.shmkit.SharedArray;

/**
 * What the parent hands a transform child on its command line, besides the array (its first shared object):
 * written by {@link #toArgs()}, read back by {@link #parse(List)}, so neither side counts positions.
 *
 * @param control       the common prefix of the {@link TransformControl} segments' names.
 * @param worker        this child's worker index (its partition).
 * @param workers       the number of workers.
 * @param from          the first element of the whole transform.
 * @param to            one past its last element.
 * @param op            the operation.
 * @param progressBatch elements done between two additions to the progress counter, at least.
 * @param prefault      whether the child touches its pages before it reports ready.
 * @param goTimeoutMs   how long the child waits for {@code GO} at most.
 * @param identity      the array's file as the parent mapped it ({@link SharedArray#fileIdentity()}): the worker
 *                      refuses a file that is not that one.
 */
record WorkerArgs(
    String control, int worker, int workers, long from, long to, TransformOp op, long progressBatch,
    boolean prefault, long goTimeoutMs, String identity)
{
    private static final int FIELDS = 10;

    /**
     * The arguments of worker {@code worker} of a transform.
     *
     * @param array   the array.
     * @param op      the operation.
     * @param plan    the transform's plan.
     * @param control the name of its {@link TransformControl} segments.
     * @param worker  the worker's index.
     * @param options the transform's options.
     * @return the record.
     */
    static WorkerArgs of(
        final SharedArray array, final TransformOp op, final WorkPlan plan, final String control, final int worker,
        final TransformOptions options)
    {
        final long batch = Math.max(WorkPlan.unit(array), Transforms.PROGRESS_BYTES / array.typeCode().size());
        return new WorkerArgs(control, worker, plan.workers(), plan.from(), plan.to(), op, batch, options.prefault(),
            Math.max(1, options.timeout().toMillis()), array.fileIdentity());
    }

    /**
     * The arguments as the child's command line carries them.
     *
     * @return one string per field, in the order of the record.
     */
    String[] toArgs()
    {
        return new String[] {control, Integer.toString(worker), Integer.toString(workers), Long.toString(from),
            Long.toString(to), op.encode(), Long.toString(progressBatch), Boolean.toString(prefault),
            Long.toString(goTimeoutMs), identity};
    }

    /**
     * Read the arguments {@link #toArgs()} wrote.
     *
     * @param args the child's arguments.
     * @return the record.
     * @throws IllegalArgumentException if there are not as many arguments as fields, or one does not parse.
     */
    static WorkerArgs parse(final List<String> args)
    {
        if (args.size() != FIELDS)
        {
            throw new IllegalArgumentException("a transform child takes " + FIELDS + " arguments, not " + args);
        }
        return new WorkerArgs(args.get(0), Integer.parseInt(args.get(1)), Integer.parseInt(args.get(2)),
            Long.parseLong(args.get(3)), Long.parseLong(args.get(4)), OpCodec.decode(args.get(5)),
            Long.parseLong(args.get(6)), Boolean.parseBoolean(args.get(7)), Long.parseLong(args.get(8)), args.get(9));
    }

    /**
     * Check that the worker opened the file the parent meant: a name unlinked and created again between the start
     * and the worker's open would otherwise have it transform another array, silently.
     *
     * @param array the array the worker opened by name.
     * @throws IllegalStateException if it is another file.
     */
    void checkSameFile(final SharedArray array)
    {
        if (!identity.isEmpty() && !identity.equals(array.fileIdentity()))
        {
            throw new IllegalStateException("array '" + array.name() + "' is not the file the transform was " +
                "started on (" + identity + ", this process opened " + array.fileIdentity() + "): its name was " +
                "unlinked and created again since");
        }
    }
}
