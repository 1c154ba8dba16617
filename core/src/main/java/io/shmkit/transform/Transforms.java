package io.shmkit.transform;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import io.shmkit.SharedArray;
import io.shmkit.process.ShmProcess;

/**
 * In-place transforms of a shared array by child JVMs: the large-scale version of Python's classic example,
 * where a {@code Process} negates a shared {@code Array}.
 *
 * <pre>{@code
 * try (SharedDoubleArray a = SharedDoubleArray.create("big", 'd', 100_000_000))
 * {
 *     TransformResult r = Transforms.negate(a, 2);               // two children share the work
 *     Transforms.transform(a, TransformOp.multiply(2.5), 2);    // built-in operations
 *     Transforms.transform(a, TransformOp.user("com.example.MyOp"), 4, TransformOptions.defaults()
 *         .withProgress(done -> System.out.println(done), Duration.ofSeconds(1)));
 * }
 * }</pre>
 *
 * <h2>How it runs</h2>
 * <ol>
 *   <li>The range is split into {@code workers} contiguous partitions aligned to the array's stripes
 *       ({@link #partitions}); fewer children run if there are fewer stripes than workers. A launcher may ask
 *       for one more partition, the last, run by the calling process itself on a thread of its own
 *       ({@link WorkerLauncher#callerPart()}: a pool's transforms do); fresh children never do.</li>
 *   <li>The parent creates a progress counter ({@code 'q'}), a control array (laid out in
 *       {@link TransformControl}) and one claim slot per unit (a stripe, or a run of {@link #RAW_UNIT}
 *       elements without locks; see {@link WorkPlan}), and starts one {@link ShmProcess} per partition.
 *       Each child opens them by name, prepares (see {@link TransformOptions#withPrefault}), reports ready and
 *       waits for the shared start flag, which the last child to be ready sets.</li>
 *   <li>Each child applies the operation unit by unit with the array's bulk methods under the stripe locks:
 *       first its own partition's units, upwards, as long as it can claim them; then the units left of the
 *       other partitions, downwards from their tops. So every unit is transformed exactly once, and a child
 *       that is slow (or stalled, or dead) has its partition finished by the others. It adds to the progress
 *       counter every stripe or 1 MiB, whichever is larger, and exits.</li>
 *   <li>The parent waits for all children (bounded by {@link TransformOptions#timeout()}), reporting progress,
 *       then unlinks the control segments.</li>
 * </ol>
 *
 * <h2>Concurrency</h2>
 * Each stripe is transformed under its lock, so transforms over overlapping ranges, and writers that update
 * elements under the stripe locks ({@link SharedArray#withStripeLock}), never lose an update at element level.
 * Writers that bypass the locks (plain {@code set}) race with a transform as they would with any bulk method.
 *
 * <h2>Failure</h2>
 * A child that fails or is killed does not stop the others, which also do the units it had not yet taken; when
 * all have ended the call throws a {@link TransformException} naming each failed child, each partition that did
 * not finish, the units that may be half-done (at most one per failed child) and the ranges left untouched, if any;
 * every other element is done exactly once. Locks a killed child held are recovered by their next locker. A
 * timeout kills every child still running and fails the same way (a caller's part ends the unit it is inside and
 * stops: its process lives on, and it leaves no unit in doubt). A child that fails fails the call even when
 * the others did all its work (the exception then says that every element is done).
 *
 * <p><b>Note:</b> thread-safe: any number of transforms may run at once, on the same array or on others.
 */
public final class Transforms
{
    /** Elements per run for arrays without locks (which have no stripes to align to). */
    public static final long RAW_UNIT = 4096;
    /** Progress is reported at least every this many bytes of a partition. */
    public static final long PROGRESS_BYTES = 1 << 20;
    /** Bound of the wait for a cancelled transform's cleanup when the caller is interrupted. */
    private static final Duration CLEANUP_WAIT = Duration.ofSeconds(60);

    private Transforms()
    {
    }

    /**
     * Negate every element in place using {@code workers} children; see the class comment.
     *
     * @param array   the array (with or without locks).
     * @param workers number of children, at least 1.
     * @return timings and partitions.
     * @throws IllegalArgumentException if {@code workers < 1}.
     * @throws IllegalStateException    if the array is closed.
     * @throws TransformException       if a child did not finish.
     * @throws InterruptedException     if interrupted while waiting: the children are killed and, before this
     *                                  is thrown, reaped and the control segments unlinked (a bounded wait that
     *                                  ignores further interrupts); the interrupt flag is set again.
     */
    public static TransformResult negate(final SharedArray array, final int workers) throws InterruptedException
    {
        return transform(array, TransformOp.negate(), 0, array.length(), workers, TransformOptions.defaults());
    }

    /**
     * Negate every element in place using {@code workers} children.
     *
     * @param array   the array.
     * @param workers number of children, at least 1.
     * @param options time limit, JVM options, progress.
     * @return timings and partitions.
     * @throws IllegalArgumentException if {@code workers < 1}.
     * @throws IllegalStateException    if the array is closed.
     * @throws TransformException       if a child did not finish.
     * @throws InterruptedException     if interrupted while waiting: the children are killed and, before this
     *                                  is thrown, reaped and the control segments unlinked (a bounded wait that
     *                                  ignores further interrupts); the interrupt flag is set again.
     */
    public static TransformResult negate(final SharedArray array, final int workers, final TransformOptions options)
        throws InterruptedException
    {
        return transform(array, TransformOp.negate(), 0, array.length(), workers, options);
    }

    /**
     * Apply {@code op} to every element in place using {@code workers} children.
     *
     * @param array   the array.
     * @param op      the operation.
     * @param workers number of children, at least 1.
     * @return timings and partitions.
     * @throws IllegalArgumentException if {@code workers < 1} or the operation does not apply to the typecode
     *                                  (e.g. {@code sqrt} on integers).
     * @throws IllegalStateException    if the array is closed.
     * @throws TransformException       if a child did not finish.
     * @throws InterruptedException     if interrupted while waiting: the children are killed and, before this
     *                                  is thrown, reaped and the control segments unlinked (a bounded wait that
     *                                  ignores further interrupts); the interrupt flag is set again.
     */
    public static TransformResult transform(final SharedArray array, final TransformOp op, final int workers)
        throws InterruptedException
    {
        return transform(array, op, 0, array.length(), workers, TransformOptions.defaults());
    }

    /**
     * Apply {@code op} to every element in place using {@code workers} children.
     *
     * @param array   the array.
     * @param op      the operation.
     * @param workers number of children, at least 1.
     * @param options time limit, JVM options, progress.
     * @return timings and partitions.
     * @throws IllegalArgumentException if {@code workers < 1} or the operation does not apply to the typecode.
     * @throws IllegalStateException    if the array is closed.
     * @throws TransformException       if a child did not finish.
     * @throws InterruptedException     if interrupted while waiting: the children are killed and, before this
     *                                  is thrown, reaped and the control segments unlinked (a bounded wait that
     *                                  ignores further interrupts); the interrupt flag is set again.
     */
    public static TransformResult transform(
        final SharedArray array, final TransformOp op, final int workers, final TransformOptions options)
        throws InterruptedException
    {
        return transform(array, op, 0, array.length(), workers, options);
    }

    /**
     * Apply {@code op} to elements {@code from} (inclusive) to {@code to} (exclusive) using {@code workers}
     * children: also the way to retry the ranges a failed transform left in doubt (once repaired) or untouched.
     *
     * @param array   the array.
     * @param op      the operation.
     * @param from    first element.
     * @param to      one past the last element.
     * @param workers number of children, at least 1.
     * @param options time limit, JVM options, progress.
     * @return timings and partitions.
     * @throws IllegalArgumentException  if {@code workers < 1}, the operation does not apply to the typecode,
     *                                   or the range holds more than 2<sup>31</sup> - 1 stripes or runs of
     *                                   {@link #RAW_UNIT} elements (2<sup>43</sup> elements without locks).
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalStateException     if the array is closed, or the calling thread holds the lock of a stripe
     *                                   of the range through this handle (the workers would wait for it until the
     *                                   time limit, while this thread waits for them).
     * @throws TransformException        if a child did not finish.
     * @throws InterruptedException      if interrupted while waiting: the children are killed and, before this
     *                                   is thrown, reaped and the control segments unlinked (a bounded wait
     *                                   that ignores further interrupts); the interrupt flag is set again.
     */
    public static TransformResult transform(
        final SharedArray array, final TransformOp op, final long from, final long to, final int workers,
        final TransformOptions options) throws InterruptedException
    {
        checkNoStripeHeldHere(array, from, to);
        final TransformHandle handle = start(array, op, from, to, workers, options);
        try
        {
            return handle.await();
        }
        catch (final InterruptedException ex)
        {
            handle.cancel();
            awaitCleanup(handle, ex);
            throw ex;
        }
    }

    /**
     * After {@link TransformHandle#cancel()}: wait (bounded, ignoring interrupts) until the killed children are
     * reaped and the control segments unlinked, so that the caller's {@link InterruptedException} comes after the
     * cleanup; then restore the interrupt flag.
     */
    private static void awaitCleanup(final TransformHandle handle, final InterruptedException interrupt)
    {
        final long deadline = System.nanoTime() + CLEANUP_WAIT.toNanos();
        while (!handle.isDone())
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                interrupt.addSuppressed(new IllegalStateException(
                    "the cancelled transform did not clean up within " + CLEANUP_WAIT.toSeconds() + " s"));
                break;
            }
            try
            {
                handle.await(Duration.ofNanos(left));
            }
            catch (final InterruptedException again)
            {
                // keep waiting: the flag is restored below
            }
            catch (final TimeoutException | RuntimeException expected)
            {
                // a TransformException ("cancelled") is the expected outcome; the loop checks isDone()
            }
        }
        // whatever the bounded wait gave up on, the caller's part (this process's thread on the array) has ended
        // before the call returns: it ends within its unit once stopped
        handle.awaitCallerPart();
        Thread.currentThread().interrupt();
    }

    /**
     * Start a transform and return at once; the handle shows progress and waits for the result.
     *
     * @param array   the array.
     * @param op      the operation.
     * @param from    first element.
     * @param to      one past the last element.
     * @param workers number of children, at least 1.
     * @param options time limit, JVM options, progress.
     * @return the running transform.
     * @throws IllegalArgumentException  if {@code workers < 1}, the operation does not apply to the typecode,
     *                                   or the range holds more than 2<sup>31</sup> - 1 stripes or runs of
     *                                   {@link #RAW_UNIT} elements (2<sup>43</sup> elements without locks).
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalStateException     if the array is closed.
     * @throws java.io.UncheckedIOException if the control segments cannot be created.
     */
    public static TransformHandle start(
        final SharedArray array, final TransformOp op, final long from, final long to, final int workers,
        final TransformOptions options)
    {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(options, "options");
        if (array.isClosed())
        {
            throw new IllegalStateException("array '" + array.name() + "' is closed");
        }
        op.checkApplicable(array.typeCode());
        checkRange(array, from, to, workers);
        final int parts = CallerPart.applies(options, op) ? CallerPart.parts(workers) : workers;
        return TransformHandle.start(array, op, from == to ? null : WorkPlan.of(array, from, to, parts), options);
    }

    /**
     * The partitions a transform of {@code [from, to)} with {@code workers} children uses: contiguous, in
     * ascending order, with boundaries on stripe boundaries ({@link SharedArray#stripeLength()}, or
     * {@link #RAW_UNIT} for an array without locks), as equal in stripes as possible. At most one partition per
     * stripe touched, so there may be fewer partitions than workers; none for an empty range.
     *
     * @param array   the array.
     * @param from    first element.
     * @param to      one past the last element.
     * @param workers number of children wanted, at least 1.
     * @return the partitions, an immutable list.
     * @throws IllegalArgumentException  if {@code workers < 1}.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     */
    public static List<Partition> partitions(final SharedArray array, final long from, final long to, final int workers)
    {
        checkRange(array, from, to, workers);
        return from == to ? List.of() : WorkPlan.of(array, from, to, workers).partitions();
    }

    /**
     * Refuse a call that would wait for itself: every worker locks each stripe it transforms, so a stripe lock the
     * calling thread holds (through this handle) would stop them until the time limit, while it waits for them.
     * Another thread's lock is ordinary contention: the workers wait for its release.
     */
    private static void checkNoStripeHeldHere(final SharedArray array, final long from, final long to)
    {
        if (!array.hasLocks() || array.isClosed() || from < 0 || to > array.length() || from >= to)
        {
            return; // start() reports these
        }
        for (int s = array.stripeOf(from), last = array.stripeOf(to - 1); s <= last; s++)
        {
            if (array.stripeLock(s).isHeldByCurrentThread())
            {
                throw new IllegalStateException("the calling thread holds the lock of stripe " + s + " of '" +
                    array.name() + "': a transform of [" + from + ", " + to + ") would wait for it until its time " +
                    "limit; unlock it first (or use start(), and unlock before waiting)");
            }
        }
    }

    private static void checkRange(final SharedArray array, final long from, final long to, final int workers)
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers=" + workers + " must be at least 1");
        }
        if (from < 0 || to > array.length() || from > to)
        {
            throw new IndexOutOfBoundsException(
                "range [" + from + ", " + to + ") out of bounds for length " + array.length());
        }
    }
}
