package io.shmkit.process;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import io.shmkit.ProcessIdentity;
import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.ShmOptions;

/**
 * The child side of {@link Transforms}: applies an operation to one partition of an array, stripe by stripe,
 * and reports through the transform's control array and progress counter.
 *
 * <h2>Control array</h2>
 * A lock-free {@code 'q'} array created by the parent; every group of fields sits on its own 64-byte line.
 * <pre>
 *  slot  0        (unused)
 *  slot  1        GO       0 = wait, 1 = work, -1 = abort (parent, setRelease after GO_TIME)
 *  slot  2        GO_TIME  wall-clock ns (epoch) at which the parent set GO
 *  worker w, base 8 * (w + 1):
 *   +0 DONE_TO   first element of the partition not known done (child, setRelease, inside the stripe lock)
 *   +1 START     wall-clock ns at which the child saw GO
 *   +2 END       wall-clock ns at which the child finished its partition (0 before)
 *   +3 READY     1 once the child is ready to work (child, setRelease)
 *   +4 IN_PROGRESS start of the stripe (or run) being transformed, {@link #NONE} between stripes (child,
 *                  setRelease; the parent initialises it to {@link #NONE})
 * </pre>
 * Wall-clock nanoseconds ({@link Instant}) are used because {@code System.nanoTime()} is not comparable
 * between processes.
 *
 * <h2>Order of a stripe</h2>
 * lock the stripe, {@code IN_PROGRESS = stripe start} (release), transform it, {@code DONE_TO = stripe end}
 * (release), {@code IN_PROGRESS = NONE} (release), unlock. So once a child has ended without finishing (killed,
 * or the operation threw partway through a stripe and the lock was released normally), the stripe at
 * {@code DONE_TO} may be half-done exactly when {@code IN_PROGRESS == DONE_TO}; otherwise everything from
 * {@code DONE_TO} on is untouched. Arrays without locks are processed in runs of {@link Transforms#RAW_UNIT}
 * elements, with the same protocol.
 *
 * <p><b>Note:</b> runs in a child JVM, single-threaded.
 */
final class TransformWorker implements ChildTask
{
    static final int GO = 1;
    static final int GO_TIME = 2;
    static final int SLOTS_PER_WORKER = 8;
    static final int DONE_TO = 0;
    static final int START = 1;
    static final int END = 2;
    static final int READY = 3;
    static final int IN_PROGRESS = 4;
    /** {@link #IN_PROGRESS} value: no stripe is being transformed. */
    static final long NONE = -1;
    static final long GO_WAIT = 0;
    static final long GO_WORK = 1;
    static final long GO_ABORT = -1;
    /** First park while waiting for GO. */
    private static final long GO_PARK_MIN_NS = 50_000;
    /** Longest park while waiting for GO (it delays this child's start by at most this much). */
    private static final long GO_PARK_MAX_NS = 1_000_000;

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
     * Arguments: worker index, from, to, operation, progress batch (elements), unit (elements), prefault (0/1),
     * GO timeout (ms). Shared objects: the array, the control array, the progress counter.
     */
    @Override
    public void run(final ChildContext context) throws Exception
    {
        final List<String> a = context.args();
        final SharedArray array = context.array(context.sharedName(0));
        final SharedLongArray control = context.longArray(context.sharedName(1));
        final SharedLong progress = context.longValue(context.sharedName(2));
        work(array, control, progress, Integer.parseInt(a.get(0)), Long.parseLong(a.get(1)), Long.parseLong(a.get(2)),
            TransformOp.decode(a.get(3)), Long.parseLong(a.get(4)), Long.parseLong(a.get(5)),
            "1".equals(a.get(6)), Long.parseLong(a.get(7)));
    }

    static void work(
        final SharedArray array,
        final SharedLongArray control,
        final SharedLong progress,
        final int worker,
        final long from,
        final long to,
        final TransformOp op,
        final long progressBatch,
        final long unit,
        final boolean prefault,
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
        if (prefault)
        {
            prefault(array, from, to);
        }
        if (op.isBuiltIn())
        {
            try
            {
                warmUp(array, negate, dop, lop);
            }
            catch (final RuntimeException ex)
            {
                // only an optimisation: without it the first stripes run before the JIT has compiled the loop
                System.err.println("shmkit: transform warm-up skipped: " + ex.getMessage());
            }
        }
        final int base = workerBase(worker);
        control.setRelease(base + READY, 1);
        if (!awaitGo(control, goTimeoutMs))
        {
            return;
        }
        control.setRelease(base + START, epochNanos());
        final boolean locked = array.hasLocks();
        final long step = locked ? array.stripeLength() : unit;
        long pending = 0;
        long i = from;
        while (i < to)
        {
            final long end = Math.min(to, (i / step + 1) * step);
            if (locked)
            {
                final ShmLock lock = array.stripeLock(array.stripeOf(i));
                lock.lock();
                try
                {
                    applyStripe(control, base, array, i, end, negate, dop, lop);
                }
                finally
                {
                    lock.unlock();
                }
            }
            else
            {
                applyStripe(control, base, array, i, end, negate, dop, lop);
            }
            pending += end - i;
            if (pending >= progressBatch)
            {
                progress.getAndAdd(pending);
                pending = 0;
            }
            i = end;
        }
        if (pending > 0)
        {
            progress.getAndAdd(pending);
        }
        control.setRelease(base + END, epochNanos());
    }

    /**
     * Transform {@code [from, to)}, announcing it first: if the operation throws (a narrow type's overflow, a user
     * operation's exception) or the child dies, {@code IN_PROGRESS} still names this stripe, so the parent reports
     * it as in doubt rather than untouched.
     */
    private static void applyStripe(
        final SharedLongArray control, final int base, final SharedArray array, final long from, final long to,
        final boolean negate, final DoubleUnaryOperator dop, final LongUnaryOperator lop)
    {
        // NOTE: IN_PROGRESS is published BEFORE the first element changes, so no partial write goes unannounced.
        control.setRelease(base + IN_PROGRESS, from);
        TransformOp.apply(array, from, to, negate, dop, lop);
        // NOTE: DONE_TO advances BEFORE IN_PROGRESS is cleared: a child killed between the two leaves
        // IN_PROGRESS < DONE_TO, which the parent reads as "nothing in doubt".
        control.setRelease(base + DONE_TO, to);
        control.setRelease(base + IN_PROGRESS, NONE);
    }

    /** Calls of the operation on the scratch array before GO: past C2's invocation thresholds. */
    private static final int WARM_UP_CALLS = 3_000;
    /** Elements of the scratch array. */
    private static final int WARM_UP_LENGTH = 1_024;

    /**
     * Run a built-in operation's bulk path on a private scratch array (same typecode, no locks, unlinked at
     * once) until the JIT compiles it, so the timed phase does not start in interpreted or C1 code; the
     * compilation finishes in the background while siblings start. User operations are not run: they may have
     * effects. Results and range errors on the scratch data are ignored.
     */
    private static void warmUp(
        final SharedArray array, final boolean negate, final DoubleUnaryOperator dop, final LongUnaryOperator lop)
    {
        final String name = "shmkit-warmup-" + ProcessIdentity.current().pid() + "-" + System.nanoTime();
        final ShmOptions options = ShmOptions.defaults().withLock(false);
        final SharedArray scratch = array instanceof SharedDoubleArray ?
            SharedDoubleArray.create(name, array.typeCode().code(), WARM_UP_LENGTH, options) :
            SharedLongArray.create(name, array.typeCode().code(), WARM_UP_LENGTH, options);
        try
        {
            scratch.unlink();
            for (int k = 0; k < WARM_UP_CALLS; k++)
            {
                try
                {
                    TransformOp.apply(scratch, 0, WARM_UP_LENGTH, negate, dop, lop);
                }
                catch (final IllegalArgumentException ignore)
                {
                    // a narrow type's overflow on scratch data: only the compiled code matters here
                }
            }
        }
        finally
        {
            scratch.close();
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
     * Wait for GO with bounded spinning, then yielding, then parking with exponential back-off (from
     * {@link #GO_PARK_MIN_NS} to {@link #GO_PARK_MAX_NS}); false on abort.
     */
    private static boolean awaitGo(final SharedLongArray control, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long park = GO_PARK_MIN_NS;
        int spins = 0;
        while (true)
        {
            final long go = control.getAcquire(GO);
            if (go == GO_WORK)
            {
                return true;
            }
            if (go == GO_ABORT)
            {
                return false;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the parent did not start the transform within " + timeoutMs + " ms");
            }
            if (++spins < 200)
            {
                Thread.onSpinWait();
            }
            else if (spins < 400)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, GO_PARK_MAX_NS);
            }
        }
    }

    /**
     * The class-data training run: the code paths of a transform child, on small segments of its own.
     */
    static void train(final ChildContext context)
    {
        final ShmOptions options = context.options();
        final String prefix = "shmkit-train-" + ProcessIdentity.current().pid() + "-" + System.nanoTime() + "-";
        final ShmOptions raw = options.withLock(false);
        final ShmOptions striped = options.withStripes(4);
        final TransformOp[] ops = {TransformOp.negate(), TransformOp.add(1), TransformOp.clamp(-5, 5)};
        final char[] types = {'d', 'f', 'q', 'i', 'b'};
        for (final char t : types)
        {
            final String name = prefix + t;
            try (SharedArray array = t == 'd' || t == 'f' ?
                SharedDoubleArray.create(name, t, 4096, striped) : SharedLongArray.create(name, t, 4096, striped);
                SharedLongArray control = SharedLongArray.create(name + "-c", 'q', controlLength(1), raw);
                SharedLong progress = SharedLong.create(name + "-p", 'q', 0, raw))
            {
                try
                {
                    control.set(GO, GO_WORK);
                    for (final TransformOp op : ops)
                    {
                        work(array, control, progress, 0, 0, array.length(), op, 1024, 1024, true, 1000);
                    }
                    final SharedArray again = context.array(name);
                    again.getLock().lock();
                    again.getLock().unlock();
                }
                finally
                {
                    array.unlink();
                    control.unlink();
                    progress.unlink();
                }
            }
        }
    }
}
