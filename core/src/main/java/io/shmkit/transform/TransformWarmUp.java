package io.shmkit.transform;

import static io.shmkit.transform.TransformControl.ARMED_OFFSET;
import static io.shmkit.transform.TransformControl.GO_ABORT;
import static io.shmkit.transform.TransformControl.GO_OFFSET;
import static io.shmkit.transform.TransformControl.GO_WORK;
import static io.shmkit.transform.TransformControl.workerBase;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.process.ChildContext;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * What a transform child does before its timed phase: map its pages ({@link #prefault}) and compile its hot path
 * ({@link #warmUp}); and the class-data training run of transform children ({@link #train}).
 *
 * <p>Its methods are compiled as {@link TransformWorker}'s are (in the foreground, at a tenth of the usual
 * thresholds: {@link TransformJvm#HOT_PATH}), so that the warm-up's own loops are compiled as early as the code
 * they warm up.
 *
 * <p><b>Note:</b> runs in a child JVM, single-threaded.
 */
final class TransformWarmUp
{
    /**
     * Besides its own partition, a child maps the pages of the last 1/{@value} of the next partition, the first
     * it takes units from when it is done with its own: a page this process has not mapped costs a fault at its
     * first touch (the phase streams at about 60 % of its speed without the prefault).
     */
    static final int STEAL_PREFAULT_FRACTION = 4;

    private TransformWarmUp()
    {
    }

    /**
     * Calls of a built-in operation's kernel on the scratch array: past C2's thresholds for its loop, which in a
     * transform child are a tenth of the usual (60 calls once the loop has turned 1,500 times; more while C2's
     * queue is long).
     */
    private static final int KERNEL_WARM_UP_CALLS = 200;
    /**
     * Elements of the kernel's scratch array: the kernel's loop trip count while it is profiled. C2 sizes its
     * unrolling (and so its vectorisation) by the profiled trip count: a negation profiled on runs of 64 elements
     * streams about a third slower on long runs than one profiled on runs of 1,024 or more.
     */
    private static final int KERNEL_WARM_UP_LENGTH = 4_096;
    /** Elements of each of the four units (stripes, or runs) of the path's scratch array. */
    private static final int PATH_WARM_UP_STRIPE = 64;
    /**
     * Calls of the unit loop on the path's four scratch units: the loop and every method it calls once or more
     * per stripe are called at least 600 times, past their C2 threshold in a transform child (500 calls; the
     * loop is compiled in full, not on stack), so the phase runs their C2 code, which counts nothing: no
     * threshold is crossed mid-phase, however many stripes or runs the partition has.
     */
    private static final int PATH_WARM_UP_CALLS = 600;

    /**
     * Compile a built-in operation's transform before the start flag, so that the timed phase neither runs in
     * interpreted code nor shares the CPU with the JIT's compiler threads (on a machine with as many children as
     * cores, a compilation during the phase pre-empts a worker). Transform children compile shmkit's and
     * Agrona's methods on the hot path in the foreground and at a tenth of the usual thresholds (see
     * {@link TransformHandle}), so every compilation the warm-up triggers has finished when it returns. Two
     * steps, on private scratch arrays of the array's typecode (unlinked at once) holding a copy of the first
     * elements of the partition, refreshed before every call, so that the operation's branches are profiled on
     * the data it will see (a clamp of zeros only would be compiled for zeros, then deoptimised mid-phase) and a
     * narrow type's range errors do not pile up:
     * <ol>
     * <li>the operation's kernel, until C2 has compiled its loop. From then on the kernel runs C2's code, which
     * records no profile: the short runs of the next step cannot change how it is compiled;</li>
     * <li>the stripe loop itself with the same operation (locks, control slots, progress counter, or runs
     * without locks, as the array has them), until C2 has compiled it and everything it calls per stripe.</li>
     * </ol>
     * A user operation's transform is not warmed up: a user operation may have effects, so it is not run before
     * the phase, and a stripe loop warmed up around another kernel would be compiled for that one, then
     * deoptimised. A range error on the copied data (which the phase will meet too) ends the warm-up early.
     */
    static void warmUp(
        final SharedArray array, final long from, final long to, final TransformOp op, final boolean negate,
        final DoubleUnaryOperator dop, final LongUnaryOperator lop)
    {
        if (op.isUser() || to <= from)
        {
            return;
        }
        final String name = "shmkit-warmup-" + ProcessIdentity.current().pid() + "-" + System.nanoTime();
        final ShmOptions raw = ShmOptions.defaults().withLock(false);
        final Sample sample = Sample.of(array, from, to, KERNEL_WARM_UP_LENGTH);
        try (SharedArray scratch = unlinked(create(array, name, KERNEL_WARM_UP_LENGTH, raw)))
        {
            for (int k = 0; k < KERNEL_WARM_UP_CALLS; k++)
            {
                fill(scratch, KERNEL_WARM_UP_LENGTH, sample);
                TransformOp.apply(scratch, 0, KERNEL_WARM_UP_LENGTH, negate, dop, lop);
            }
        }
        // four units: partition 0 the first, partition 1 the next two, partition 2 the last
        final int u = PATH_WARM_UP_STRIPE;
        final int length = 4 * u;
        final ShmOptions path = array.hasLocks() ? ShmOptions.defaults().withStripes(4) : raw;
        final WorkPlan plan = new WorkPlan(
            List.of(new Partition(0, 0, u), new Partition(1, u, 3 * u), new Partition(2, 3 * u, length)), u);
        try (SharedArray scratch = unlinked(create(array, name + "-s", length, path));
            TransformControl shared = TransformControl.scratch(name, 3, 4, raw))
        {
            final SharedLongArray control = shared.control();
            final SharedLongArray claims = shared.claims();
            final SharedLong progress = shared.progress();
            for (int k = 0; k < PATH_WARM_UP_CALLS; k++)
            {
                fill(scratch, length, sample);
                // Every way through the loop, as worker 0, so that C2 compiles none of them as a trap to
                // deoptimise at in the phase: 0, its own unit and every other one, stolen; 1, the owners met, one
                // done (partition 1) and one still working (partition 2); 2, its own unit already taken, and a
                // unit taken by another thief passed over.
                final int way = k % 3;
                claims.setPlain(0, way == 2 ? WorkPlan.done(2) : WorkPlan.FREE);
                claims.setPlain(1, WorkPlan.FREE);
                claims.setPlain(2, way == 1 ? WorkPlan.done(1) : way == 2 ? WorkPlan.claimed(2) : WorkPlan.FREE);
                claims.setPlain(3, way == 1 ? WorkPlan.claimed(2) : WorkPlan.FREE);
                // Progress at every unit, or only after the loop: every way of the reporting code is profiled
                // too (C2 would otherwise trap, and deoptimise, at the first report after the last unit).
                TransformWorker.runUnits(
                    scratch, control, claims, progress, 0, plan, negate, dop, lop, (k & 4) == 0 ? 1 : 3 * length, null);
                // The start protocol's volatile stores and reads: profiled too, so that the control slots' code
                // is not compiled for release stores alone and then deoptimised at the first volatile one, nor
                // the acquiring read of GO (SharedLongArray.getAcquire, on the foreground-compiled path)
                // deoptimised at the start: every scratch worker's ARMED is set from the third call on, so that
                // allSet holds and GO is read. (TransformStart itself is compiled in the background and profiled
                // again by the real wait.)
                control.set(workerBase(k % 3) + ARMED_OFFSET, k + 1);
                if (TransformStart.allSet(control, ARMED_OFFSET) && control.getAcquire(GO_OFFSET) == GO_ABORT)
                {
                    break; // never: GO stays 0 on the scratch control
                }
            }
        }
    }

    private static SharedArray create(
        final SharedArray like, final String name, final long length, final ShmOptions options)
    {
        final char type = like.typeCode().code();
        return like instanceof SharedDoubleArray ? SharedDoubleArray.create(name, type, length, options) :
            SharedLongArray.create(name, type, length, options);
    }

    /** The array, its name already removed: nothing is left behind however the warm-up ends. */
    private static <T extends SharedArray> T unlinked(final T array)
    {
        array.unlink();
        return array;
    }

    /**
     * A copy of the first elements of a partition, to fill the scratch arrays with before every call. Also for
     * negation, whose code does not depend on the data: warmed up so, the phase streamed 6 % faster than warmed
     * up on the scratch arrays' zeros (40.2 against 42.8 ms, twice, in one run of the side-by-side harness).
     */
    private static final class Sample
    {
        private final double[] doubles;
        private final long[] longs;

        private Sample(final double[] doubles, final long[] longs)
        {
            this.doubles = doubles;
            this.longs = longs;
        }

        static Sample of(final SharedArray array, final long from, final long to, final int max)
        {
            final int n = (int)Math.min(max, to - from); // at least 1: the caller skips empty partitions
            if (array instanceof SharedDoubleArray)
            {
                final double[] d = new double[n];
                ((SharedDoubleArray)array).copyTo(from, d, 0, n);
                return new Sample(d, null);
            }
            final long[] l = new long[n];
            ((SharedLongArray)array).copyTo(from, l, 0, n);
            return new Sample(null, l);
        }
    }

    /**
     * Fill {@code [0, length)} of {@code scratch}, an array of the sampled one's class, with the sample, element
     * by element: a bulk copy would run through the bulk methods' per-run loop, and C2 compiles that loop for
     * every kernel it has seen there (one that also knew the copy's kernel streamed the negation at half speed).
     * A method of this class, so that it is compiled as early as the rest of the warm-up.
     */
    private static void fill(final SharedArray scratch, final int length, final Sample sample)
    {
        if (null != sample.doubles)
        {
            final SharedDoubleArray d = (SharedDoubleArray)scratch;
            final double[] v = sample.doubles;
            for (int i = 0; i < length; i++)
            {
                d.setPlain(i, v[i % v.length]);
            }
        }
        else
        {
            final SharedLongArray l = (SharedLongArray)scratch;
            final long[] v = sample.longs;
            for (int i = 0; i < length; i++)
            {
                l.setPlain(i, v[i % v.length]);
            }
        }
    }

    /**
     * Touch one element per page of worker {@code w}'s partition and of the top 1/{@value #STEAL_PREFAULT_FRACTION}
     * of the next partition's, so that the timed phase does not pay this process's page-table faults (a fresh
     * child's start-up hides the work). Not for a pool's warm workers ({@link TransformWorkerHost}): their caller
     * waits for the whole call, so their phase pays the faults, each page's by the process that runs its unit,
     * evened out by the work sharing.
     */
    static void prefault(final SharedArray array, final WorkPlan plan, final int worker)
    {
        prefault(array, plan.start(plan.first(worker)), plan.end(plan.first(worker + 1) - 1));
        if (plan.workers() > 1)
        {
            final int next = (worker + 1) % plan.workers();
            final long nextTo = plan.end(plan.first(next + 1) - 1);
            final long nextFrom = plan.start(plan.first(next));
            prefault(array, nextTo - (nextTo - nextFrom) / STEAL_PREFAULT_FRACTION, nextTo);
        }
    }

    /** Touch one element per page of {@code [from, to)}: the timed phase does not pay this process's faults. */
    private static void prefault(final SharedArray array, final long from, final long to)
    {
        final long stride = Math.max(1, 4096 / array.typeCode().size());
        long sink = 0;
        if (array instanceof SharedDoubleArray)
        {
            final SharedDoubleArray d = (SharedDoubleArray)array;
            for (long i = from; i < to; i += stride)
            {
                sink += Double.doubleToRawLongBits(d.getPlain(i));
            }
        }
        else
        {
            final SharedLongArray l = (SharedLongArray)array;
            for (long i = from; i < to; i += stride)
            {
                sink += l.getPlain(i);
            }
        }
        if (sink == 42)
        {
            Thread.onSpinWait(); // keeps the reads alive
        }
    }

    /**
     * The class-data training run of a transform child: its code paths (every kind of array and a few built-in
     * operations, the warm-up once), on small segments of its own, unlinked when it returns.
     *
     * @param context the training run's context (its segment root is private).
     */
    static void train(final ChildContext context)
    {
        final ShmOptions options = context.options();
        final String prefix = "shmkit-train-" + ProcessIdentity.current().pid() + "-" + System.nanoTime() + "-";
        final ShmOptions raw = options.withLock(false);
        final ShmOptions striped = options.withStripes(4);
        final TransformOp[] ops = {TransformOp.negate(), TransformOp.add(1), TransformOp.clamp(-5, 5)};
        final char[] types = {'d', 'f', 'q', 'i', 'b'};
        final WorkPlan plan = new WorkPlan(List.of(new Partition(0, 0, 4096)), 1024);
        for (final char t : types)
        {
            final String name = prefix + t;
            try (SharedArray array = t == 'd' || t == 'f' ?
                SharedDoubleArray.create(name, t, 4096, striped) : SharedLongArray.create(name, t, 4096, striped);
                TransformControl shared = TransformControl.scratch(name, 1, plan.units(), raw))
            {
                try
                {
                    shared.control().set(GO_OFFSET, GO_WORK);
                    for (final TransformOp op : ops)
                    {
                        // the warm-up's code once: its classes go into the archive too
                        final boolean warm = t == 'd' && op.isNegate();
                        for (int k = 0; k < plan.units(); k++)
                        {
                            shared.claims().setPlain(k, WorkPlan.FREE);
                        }
                        TransformWorker.work(array, shared.control(), shared.claims(), shared.progress(), 0, plan, op,
                            1024, true, warm, 1000, null);
                    }
                    final SharedArray again = context.array(name);
                    again.getLock().lock();
                    again.getLock().unlock();
                }
                finally
                {
                    array.unlink();
                }
            }
        }
    }
}
