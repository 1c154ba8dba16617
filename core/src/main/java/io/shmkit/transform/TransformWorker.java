package io.shmkit.transform;

import java.time.Instant;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import org.agrona.UnsafeApi;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.ShmLock;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * The child side of {@link Transforms}: applies an operation to its partition of an array, unit by unit (a unit
 * is a stripe, or a run without locks), then to what is left of the other partitions, and reports through the
 * transform's control array, claim slots ({@link WorkPlan}) and progress counter.
 *
 * <h2>Control array</h2>
 * A lock-free {@code 'q'} array created by the parent; every group of fields sits on its own 64-byte line.
 * <pre>
 *  slot  0        (unused)
 *  slot  1        GO       0 = wait, 1 = work, -1 = abort; moved from 0 once, by compare-and-set: to 1 by the
 *                           last child to arm, or by the parent when a child ended before the start (or the
 *                           children have not started within a grace period); to -1 by the parent only
 *  slot  2        GO_TIME  wall-clock ns (epoch) read just before that compare-and-set; written by its winner
 *  worker w, base 8 * (w + 1):
 *   +0 (unused)
 *   +1 START     wall-clock ns at which the child saw GO
 *   +2 END       wall-clock ns at which the child found no unit left to claim (0 before)
 *   +3 READY     1 once the child is ready to work (child, volatile: it then reads its siblings' READY)
 *   +4 IN_PROGRESS first element of the unit being transformed, {@link #NONE} between units (child, setRelease;
 *                  the parent initialises it to {@link #NONE})
 *   +5 ARMED     1 once the child has seen every worker ready and spins for GO (child, volatile)
 * </pre>
 * Wall-clock nanoseconds ({@link Instant}) are used because {@code System.nanoTime()} is not comparable
 * between processes.
 *
 * <h2>Start</h2>
 * See {@link TransformStart}: the children park until all are ready, then spin, and the last to arm sets
 * {@code GO}; so the phase starts with every child already running.
 *
 * <h2>Order of a unit</h2>
 * claim it (compare-and-set of its claim slot from free to {@code w + 1}), lock its stripe,
 * {@code IN_PROGRESS = unit start} (release), transform it, claim slot {@code = -(w + 1)} (release),
 * {@code IN_PROGRESS = NONE} (release), unlock. So once every child has ended, a unit is done exactly when its
 * slot says so; a unit claimed and not done may be half-done exactly when its claimer's {@code IN_PROGRESS}
 * names it (the claimer died inside it, or the operation threw partway through it and the lock was released
 * normally), and is untouched otherwise; a free unit is untouched.
 *
 * <p><b>Note:</b> runs in a child JVM, single-threaded.
 */
final class TransformWorker implements ChildTask
{
    static final int GO = 1;
    static final int GO_TIME = 2;
    static final int SLOTS_PER_WORKER = 8;
    static final int START = 1;
    static final int END = 2;
    static final int READY = 3;
    static final int IN_PROGRESS = 4;
    static final int ARMED = 5;
    /** {@link #IN_PROGRESS} value: no unit is being transformed. */
    static final long NONE = -1;
    static final long GO_WAIT = 0;
    static final long GO_WORK = 1;
    static final long GO_ABORT = -1;
    /**
     * Besides its own partition, a child maps the pages of the last 1/{@value} of the next partition, the first
     * it takes units from when it is done with its own: a page this process has not mapped costs a fault at its
     * first touch (the phase streams at about 60 % of its speed without the prefault).
     */
    static final int STEAL_PREFAULT_FRACTION = 4;

    TransformWorker()
    {
    }

    static int workerBase(final int worker)
    {
        return SLOTS_PER_WORKER * (worker + 1);
    }

    static int controlLength(final int workers)
    {
        return SLOTS_PER_WORKER * (workers + 1);
    }

    static long epochNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Arguments: worker index, number of workers, from, to (of the whole transform), operation, progress batch
     * (elements), prefault (0/1), GO timeout (ms). Shared objects: the array, the control array, the claim slots,
     * the progress counter.
     */
    @Override
    public void run(final ChildContext context) throws Exception
    {
        final List<String> a = context.args();
        final SharedArray array = context.array(context.sharedName(0));
        final SharedLongArray control = context.longArray(context.sharedName(1));
        final SharedLongArray claims = context.longArray(context.sharedName(2));
        final SharedLong progress = context.longValue(context.sharedName(3));
        final WorkPlan plan = new WorkPlan(
            Transforms.partitions(array, Long.parseLong(a.get(2)), Long.parseLong(a.get(3)), Integer.parseInt(a.get(1))),
            Transforms.unit(array));
        if (claims.length() != plan.units())
        {
            throw new IllegalStateException(
                "the claims array has " + claims.length() + " slots for " + plan.units() + " units");
        }
        work(array, control, claims, progress, Integer.parseInt(a.get(0)), plan, TransformOp.decode(a.get(4)),
            Long.parseLong(a.get(5)), "1".equals(a.get(6)), true, Long.parseLong(a.get(7)));
    }

    static void work(
        final SharedArray array,
        final SharedLongArray control,
        final SharedLongArray claims,
        final SharedLong progress,
        final int worker,
        final WorkPlan plan,
        final TransformOp op,
        final long progressBatch,
        final boolean prefault,
        final boolean warm,
        final long goTimeoutMs)
    {
        final boolean negate = op.isNegate();
        final DoubleUnaryOperator dop;
        final LongUnaryOperator lop;
        try
        {
            dop = negate || !(array instanceof SharedDoubleArray) ? null : op.doubleOperator();
            lop = negate || array instanceof SharedDoubleArray ? null : op.longOperator(array.typeCode());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot create the operation " + op + ": " + ex, ex);
        }
        final long from = plan.start(plan.first(worker));
        final long to = plan.end(plan.first(worker + 1) - 1);
        if (prefault)
        {
            prefault(array, from, to);
            if (plan.workers() > 1)
            {
                final int next = (worker + 1) % plan.workers();
                final long nextTo = plan.end(plan.first(next + 1) - 1);
                final long nextFrom = plan.start(plan.first(next));
                prefault(array, nextTo - (nextTo - nextFrom) / STEAL_PREFAULT_FRACTION, nextTo);
            }
        }
        if (warm)
        {
            try
            {
                warmUp(array, from, to, op, negate, dop, lop);
            }
            catch (final RuntimeException ex)
            {
                // only an optimisation: without it the first stripes run before the JIT has compiled the loop
                System.err.println("shmkit: transform warm-up skipped: " + ex.getMessage());
            }
        }
        final int base = workerBase(worker);
        control.set(base + READY, 1);
        if (!TransformStart.awaitGo(control, base, goTimeoutMs))
        {
            return;
        }
        control.setRelease(base + START, epochNanos());
        runUnits(array, control, claims, progress, worker, plan, negate, dop, lop, progressBatch);
        control.setRelease(base + END, epochNanos());
    }

    /**
     * The worker's loop: its own partition's units upwards while it can claim them, then the other partitions'
     * units downwards, from the next partition on, each under its stripe's lock, reporting progress every
     * {@code progressBatch} elements or more, and the rest of the units done when it ends, normally or not.
     */
    static void runUnits(
        final SharedArray array, final SharedLongArray control, final SharedLongArray claims,
        final SharedLong progress, final int worker, final WorkPlan plan, final boolean negate,
        final DoubleUnaryOperator dop, final LongUnaryOperator lop, final long progressBatch)
    {
        final int base = workerBase(worker);
        final long mine = WorkPlan.claimed(worker);
        long pending = 0;
        try
        {
            for (int k = plan.first(worker), end = plan.first(worker + 1); k < end; k++)
            {
                if (!claims.compareAndSet(k, WorkPlan.FREE, mine))
                {
                    break; // taken by another worker, and so is every unit above it
                }
                pending = report(progress, pending + applyUnit(array, control, claims, base, worker, plan, k, negate,
                    dop, lop), progressBatch);
            }
            final int workers = plan.workers();
            for (int i = 1; i < workers; i++)
            {
                final int victim = (worker + i) % workers;
                final long owner = WorkPlan.claimed(victim);
                final int first = plan.first(victim);
                for (int n = plan.first(victim + 1) - first; n > 0; n--)
                {
                    final int k = first + n - 1;
                    if (!claims.compareAndSet(k, WorkPlan.FREE, mine))
                    {
                        final long c = claims.get(k);
                        if (c == owner || c == -owner)
                        {
                            break; // its owner got here: every unit below is the owner's
                        }
                        continue; // another worker took it
                    }
                    pending = report(progress, pending + applyUnit(array, control, claims, base, worker, plan, k,
                        negate, dop, lop), progressBatch);
                }
            }
        }
        finally
        {
            // also when the operation throws: the units done before it are counted
            if (pending > 0)
            {
                progress.getAndAdd(pending);
            }
        }
    }

    /**
     * Transform unit {@code k}, claimed by this worker, under its stripe's lock, announcing it first: if the
     * operation throws (a narrow type's overflow, a user operation's exception) or the child dies,
     * {@code IN_PROGRESS} still names this unit, so the parent reports it as in doubt rather than untouched.
     *
     * @return the number of elements transformed.
     */
    private static long applyUnit(
        final SharedArray array, final SharedLongArray control, final SharedLongArray claims, final int base,
        final int worker, final WorkPlan plan, final long k, final boolean negate, final DoubleUnaryOperator dop,
        final LongUnaryOperator lop)
    {
        final long from = plan.start(k);
        final long to = plan.end(k);
        final ShmLock lock = array.hasLocks() ? array.stripeLock(array.stripeOf(from)) : null;
        if (null != lock)
        {
            lock.lock();
        }
        try
        {
            // NOTE: IN_PROGRESS is published BEFORE the first element changes, so no partial write goes unannounced:
            // a release store orders only what comes before it, so the fence keeps the element stores after it.
            control.setRelease(base + IN_PROGRESS, from);
            UnsafeApi.storeStoreFence();
            TransformOp.apply(array, from, to, negate, dop, lop);
            // NOTE: the unit is marked done BEFORE IN_PROGRESS is cleared: a child killed between the two leaves a
            // done unit, which the parent does not look at again.
            claims.setRelease(k, WorkPlan.done(worker));
            control.setRelease(base + IN_PROGRESS, NONE);
        }
        finally
        {
            if (null != lock)
            {
                lock.unlock();
            }
        }
        return to - from;
    }

    /** Add {@code pending} elements to the progress counter if they are {@code batch} or more; what is left. */
    private static long report(final SharedLong progress, final long pending, final long batch)
    {
        if (pending >= batch)
        {
            progress.getAndAdd(pending);
            return 0;
        }
        return pending;
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
    private static void warmUp(
        final SharedArray array, final long from, final long to, final TransformOp op, final boolean negate,
        final DoubleUnaryOperator dop, final LongUnaryOperator lop)
    {
        if (!op.isBuiltIn() || to <= from)
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
            SharedLongArray control = unlinked(SharedLongArray.create(name + "-c", 'q', controlLength(3), raw));
            SharedLongArray claims = unlinked(SharedLongArray.create(name + "-u", 'q', 4, raw));
            SharedLong progress = unlinked(SharedLong.create(name + "-p", 'q', 0, raw)))
        {
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
                runUnits(scratch, control, claims, progress, 0, plan, negate, dop, lop, (k & 4) == 0 ? 1 : 3 * length);
                // The start protocol's volatile stores and reads: profiled too, so that the control slots' code
                // is not compiled for release stores alone and then deoptimised at the first volatile one, nor
                // the acquiring read of GO (SharedLongArray.getAcquire, on the foreground-compiled path)
                // deoptimised at the start: every scratch worker's ARMED is set from the third call on, so that
                // allSet holds and GO is read. (TransformStart itself is compiled in the background and profiled
                // again by the real wait.)
                control.set(workerBase(k % 3) + ARMED, k + 1);
                if (TransformStart.allSet(control, ARMED) && control.getAcquire(GO) == GO_ABORT)
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

    /** The value, its name already removed. */
    private static <T extends SharedValue> T unlinked(final T value)
    {
        value.unlink();
        return value;
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

    /** Touch one element per page so that the timed phase does not pay this process's page-table faults. */
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
     * The class-data training run: the code paths of a transform child, on small segments of its own.
     */
    @Override
    public void train(final ChildContext context)
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
                SharedLongArray control = SharedLongArray.create(name + "-c", 'q', controlLength(1), raw);
                SharedLongArray claims = SharedLongArray.create(name + "-u", 'q', plan.units(), raw);
                SharedLong progress = SharedLong.create(name + "-p", 'q', 0, raw))
            {
                try
                {
                    control.set(GO, GO_WORK);
                    for (final TransformOp op : ops)
                    {
                        // the warm-up's code once: its classes go into the archive too
                        final boolean warm = t == 'd' && op.isNegate();
                        for (int k = 0; k < plan.units(); k++)
                        {
                            claims.setPlain(k, WorkPlan.FREE);
                        }
                        work(array, control, claims, progress, 0, plan, op, 1024, true, warm, 1000);
                    }
                    final SharedArray again = context.array(name);
                    again.getLock().lock();
                    again.getLock().unlock();
                }
                finally
                {
                    array.unlink();
                    control.unlink();
                    claims.unlink();
                    progress.unlink();
                }
            }
        }
    }
}
