package io.shmkit.pool;

import java.util.Objects;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.transform.TransformException;
import io.shmkit.transform.TransformHandle;
import io.shmkit.transform.TransformOp;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;
import io.shmkit.transform.TransformWorkerHost;
import io.shmkit.transform.Transforms;
import io.shmkit.transform.WorkerLauncher;

/**
 * In-place transforms ({@link Transforms}) on a pool's warm workers instead of fresh child JVMs: the same work
 * sharing, progress and exact failure reports ({@link TransformException}), without a JVM's start-up and warm-up
 * per call, and with the array kept mapped in the workers between calls.
 *
 * <pre>{@code
 * try (Pool pool = PoolTransforms.configure(Pool.builder().workers(2)).start())
 * {
 *     PoolTransforms transforms = PoolTransforms.on(pool);
 *     transforms.warmUp('d');                              // optional: compile the hot path before the first call
 *     transforms.negate(array);                            // pool worker w runs worker w of the transform
 *     transforms.transform(array, TransformOp.add(1));     // the array is still mapped: no mapping again
 * }
 * }</pre>
 *
 * <p>A transform uses every worker of the pool: its worker {@code w} is a task pinned to pool worker {@code w},
 * which runs it after the tasks it already holds (the transform's workers start their phase together once all
 * are running). A pool worker opens the array on first use and keeps it mapped, and warms a built-in operation's
 * code up the first time it runs it on that kind of array; it does not prefault (the options' prefault is a fresh
 * child's): the pages a call touches first are mapped in its phase, by the worker that runs their unit. Before
 * each transform, and about every 100 ms while it is idle, a worker closes the arrays it keeps mapped whose
 * segment has been unlinked or created again under the same name, so the pages of an unlinked array are freed
 * soon after (or when the pool ends). The transforms' control segments
 * are the pool's: a call that succeeded leaves its set, reset, for the next call of the same shape (workers, units,
 * root), so a second transform creates and unlinks no segment; the pool unlinks them when it ends.
 *
 * <h2>The caller's part</h2>
 * By default the calling process takes a part of each transform with a built-in operation, besides the pool's
 * workers ({@link WorkerLauncher#callerPart()}): one more worker, on a thread of its own, over the array as the
 * caller holds it. A first transform of a fresh array is mostly mapping its pages into the processes that touch
 * them (microseconds a page on some machines, paid once per process and page), and a caller that created or
 * filled the array has them mapped already: the work sharing gives it the units it reaches first, so on such a
 * machine it does most of a first call, several times faster than workers that map their pages (docs/transforms.md,
 * "The caller's part"). From the second call on, the workers have their pages mapped too and share the work
 * evenly. {@link #callerPart(boolean) callerPart(false)} runs transforms on the pool's workers alone (the caller's
 * CPU stays free); a user operation always does, since only killing its process can stop it. The caller's part is
 * the last partition of the result; the time limit and {@link TransformHandle#cancel()} stop it after the unit it
 * is inside, and the call returns only once it has ended.
 *
 * <p>Failures are those of {@link Transforms}, with pool workers in place of children: a pool worker that dies
 * ({@code kill -9}, out of memory) is a failed worker named by its pid and exit code, and the pool replaces it; an
 * operation that throws is a failed worker whose error text is the exception's, and the pool worker goes on. The
 * time limit and {@link TransformHandle#cancel()} kill (SIGKILL) the pool workers whose part has not ended, with
 * whatever other tasks they hold (those fail with a {@link WorkerDiedException}); the pool replaces them. The
 * options' JVM settings (JVM options, heap, java, class path, fast start, archive) are the pool's, not the
 * options'.
 *
 * <p><b>Note:</b> thread-safe; transforms on one pool may be started from several threads (their workers queue
 * on the pool's workers).
 */
public final class PoolTransforms
{
    /** Elements of a warm-up's scratch arrays. */
    private static final int WARM_UP_LENGTH = 1 << 16;
    /** Stripes of a warm-up's striped scratch array. */
    private static final int WARM_UP_STRIPES = 16;

    private final Pool pool;
    private final PoolLauncher launcher;

    private PoolTransforms(final Pool pool, final boolean callerPart)
    {
        this.pool = pool;
        this.launcher = new PoolLauncher(pool, callerPart);
    }

    /**
     * The transforms of a pool, with the caller's part (see the class comment).
     *
     * @param pool the pool whose workers run them.
     * @return the transforms; cheap, holds nothing but the pool.
     */
    public static PoolTransforms on(final Pool pool)
    {
        return new PoolTransforms(Objects.requireNonNull(pool, "pool"), true);
    }

    /**
     * The same transforms with or without the caller's part (see the class comment).
     *
     * @param take true for a part of each transform with a built-in operation in the calling process, as
     *             {@link #on(Pool)} does; false for the pool's workers alone.
     * @return transforms on the same pool.
     */
    public PoolTransforms callerPart(final boolean take)
    {
        return take == launcher.callerPart() ? this : new PoolTransforms(pool, take);
    }

    /**
     * Set up a pool's workers for transforms: full JIT (no fast start) and the JVM options with which a fresh
     * transform child compiles its hot path ({@link TransformWorkerHost#jvmOptions()}), so that the phase runs C2
     * code from the first transform on. A pool without them runs transforms too, more slowly.
     *
     * @param builder the pool's builder.
     * @return the same builder.
     */
    public static PoolBuilder configure(final PoolBuilder builder)
    {
        return builder.fastStart(false).jvmOptions(TransformWorkerHost.jvmOptions().toArray(new String[0]));
    }

    /**
     * Warm the pool's workers up for transforms: negate a small scratch array of each kind given, with locks
     * (striped) and without, twice, on every worker, so that each worker has compiled the unit loop and the negation's
     * kernel for those kinds before the first real transform (which otherwise pays its compilation: a few hundred
     * milliseconds on a pool set up with {@link #configure}). The scratch arrays are created in the default root
     * and unlinked before this returns.
     *
     * @param typecodes the typecodes to warm up, e.g. {@code 'd'}.
     * @throws IllegalArgumentException if a typecode is unknown.
     * @throws TransformException       if a worker failed.
     * @throws InterruptedException     if interrupted while waiting.
     */
    public void warmUp(final char... typecodes) throws InterruptedException
    {
        final String base = "shmkit-poolwarm-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-";
        // on every worker of the pool: with the caller's part a transform may leave one out (a CPU for the caller),
        // and the caller's part does not warm up (CallerPart)
        final PoolTransforms everyWorker = callerPart(false);
        for (final char t : typecodes)
        {
            for (final boolean locked : new boolean[] {true, false})
            {
                final ShmOptions o = locked ? ShmOptions.defaults().withStripes(WARM_UP_STRIPES) :
                    ShmOptions.defaults().withLock(false);
                final String name = base + t + (locked ? "-s" : "-r");
                try (SharedArray a = TypeCode.of(t).isFloatingPoint() ?
                    SharedDoubleArray.create(name, t, WARM_UP_LENGTH, o) :
                    SharedLongArray.create(name, t, WARM_UP_LENGTH, o))
                {
                    try
                    {
                        everyWorker.negate(a);
                        everyWorker.negate(a);
                    }
                    finally
                    {
                        a.unlink();
                    }
                }
            }
        }
    }

    /**
     * The launcher that runs a transform's workers on this pool, for {@link TransformOptions#withLauncher} and
     * the {@link Transforms} entry points (which must then use at most {@link Pool#workers()} workers).
     *
     * @return the launcher.
     */
    public WorkerLauncher launcher()
    {
        return launcher;
    }

    /**
     * Negate every element in place on the pool's workers.
     *
     * @param array the array (with or without locks).
     * @return timings and partitions.
     * @throws IllegalStateException if the array is closed.
     * @throws TransformException    if a worker did not finish (died, threw, or the pool is shut down).
     * @throws InterruptedException  if interrupted while waiting: as {@link Transforms#negate(SharedArray, int)}
     *                               (the pool workers still running the transform are killed and replaced).
     */
    public TransformResult negate(final SharedArray array) throws InterruptedException
    {
        return transform(array, TransformOp.negate(), 0, array.length(), TransformOptions.defaults());
    }

    /**
     * Apply {@code op} to every element in place on the pool's workers.
     *
     * @param array the array.
     * @param op    the operation.
     * @return timings and partitions.
     * @throws IllegalArgumentException if the operation does not apply to the typecode.
     * @throws IllegalStateException    if the array is closed.
     * @throws TransformException       if a worker did not finish.
     * @throws InterruptedException     if interrupted while waiting, as for {@link #negate(SharedArray)}.
     */
    public TransformResult transform(final SharedArray array, final TransformOp op) throws InterruptedException
    {
        return transform(array, op, 0, array.length(), TransformOptions.defaults());
    }

    /**
     * Apply {@code op} to every element in place on the pool's workers.
     *
     * @param array   the array.
     * @param op      the operation.
     * @param options time limit and progress (its launcher is replaced by the pool's; its JVM settings and
     *                prefault do not apply).
     * @return timings and partitions.
     * @throws IllegalArgumentException if the operation does not apply to the typecode.
     * @throws IllegalStateException    if the array is closed.
     * @throws TransformException       if a worker did not finish.
     * @throws InterruptedException     if interrupted while waiting, as for {@link #negate(SharedArray)}.
     */
    public TransformResult transform(final SharedArray array, final TransformOp op, final TransformOptions options)
        throws InterruptedException
    {
        return transform(array, op, 0, array.length(), options);
    }

    /**
     * Apply {@code op} to elements {@code from} (inclusive) to {@code to} (exclusive) on the pool's workers: also
     * the way to retry the ranges a failed transform left in doubt (once repaired) or untouched.
     *
     * @param array   the array.
     * @param op      the operation.
     * @param from    first element.
     * @param to      one past the last element.
     * @param options time limit and progress (its launcher is replaced by the pool's; its JVM settings and
     *                prefault do not apply).
     * @return timings and partitions.
     * @throws IllegalArgumentException  if the operation does not apply to the typecode.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalStateException     if the array is closed, or if called on the pool's result thread (in a
     *                                   dependent action of one of its futures), where the wait could never end.
     * @throws TransformException        if a worker did not finish.
     * @throws InterruptedException      if interrupted while waiting, as for {@link #negate(SharedArray)}.
     */
    public TransformResult transform(
        final SharedArray array, final TransformOp op, final long from, final long to, final TransformOptions options)
        throws InterruptedException
    {
        pool.core().checkNotReader("run a transform on the pool");
        return Transforms.transform(array, op, from, to, pool.workers(), options(options));
    }

    /**
     * Start a transform on the pool's workers and return at once; the handle shows progress, the pids of the
     * pool workers running it, and waits for the result (not on the pool's result thread, in a dependent action of
     * one of its futures: its tasks' results are read by that thread, so the wait would never end). With the
     * caller's part, a thread of this process works on the array until the handle is done: the array must not be
     * closed before then (closing unmaps it under that thread).
     *
     * @param array   the array.
     * @param op      the operation.
     * @param from    first element.
     * @param to      one past the last element.
     * @param options time limit and progress (its launcher is replaced by the pool's; its JVM settings and
     *                prefault do not apply).
     * @return the running transform.
     * @throws IllegalArgumentException     if the operation does not apply to the typecode.
     * @throws IndexOutOfBoundsException    if the range is out of bounds.
     * @throws IllegalStateException        if the array is closed.
     * @throws java.io.UncheckedIOException if the control segments cannot be created.
     */
    public TransformHandle start(
        final SharedArray array, final TransformOp op, final long from, final long to, final TransformOptions options)
    {
        return Transforms.start(array, op, from, to, pool.workers(), options(options));
    }

    private TransformOptions options(final TransformOptions options)
    {
        return options.withLauncher(launcher);
    }

    @Override
    public String toString()
    {
        return "PoolTransforms{" + pool + (launcher.callerPart() ? ", caller's part" : "") + "}";
    }
}
