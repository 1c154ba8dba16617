package io.shmkit.transform;

import static io.shmkit.transform.TransformControl.END_OFFSET;
import static io.shmkit.transform.TransformControl.IN_PROGRESS_OFFSET;
import static io.shmkit.transform.TransformControl.NONE;
import static io.shmkit.transform.TransformControl.READY_OFFSET;
import static io.shmkit.transform.TransformControl.START_OFFSET;
import static io.shmkit.transform.TransformControl.workerBase;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import org.agrona.UnsafeApi;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;

/**
 * The child side of {@link Transforms}: applies an operation to its partition of an array, unit by unit (a unit
 * is a stripe, or a run without locks), then to what is left of the other partitions, and reports through the
 * transform's {@link TransformControl} segments: the control array, the claim slots ({@link WorkPlan}) and the
 * progress counter.
 *
 * <h2>Start</h2>
 * It prepares first ({@link TransformWarmUp}), then follows {@link TransformStart}: the children park until all
 * are ready, then spin, and the last to arm sets {@code GO}; so the phase starts with every child already running.
 *
 * <h2>Order of a unit</h2>
 * claim it (compare-and-set of its claim slot from free to {@code w + 1}), lock its stripe,
 * {@code IN_PROGRESS = unit start} (release), transform it, claim slot {@code = -(w + 1)} (release),
 * {@code IN_PROGRESS = NONE} (release), unlock. So once every child has ended, a unit is done exactly when its
 * slot says so; a unit claimed and not done may be half-done exactly when its claimer's {@code IN_PROGRESS}
 * names it (the claimer died inside it, or the operation threw partway through it and the lock was released
 * normally), and is untouched otherwise; a free unit is untouched.
 *
 * <h2>Stop</h2>
 * A child is stopped by killing it. The caller's part ({@link CallerPart}), which runs in the calling process,
 * is stopped by a flag instead, which it reads before each claim and while it waits for a stripe's lock: it ends
 * the unit it is inside, claims no more, and throws a {@link CancellationException} without writing {@code END}.
 *
 * <p><b>Note:</b> runs in a child JVM, single-threaded (or on the caller's part's thread).
 */
final class TransformWorker implements ChildTask
{
    /** While the caller's part waits for a stripe's lock: how long one try waits before it looks at its stop flag. */
    private static final long LOCK_TRY_MS = 10;

    TransformWorker()
    {
    }

    /**
     * Arguments: a {@link WorkerArgs} record. Shared objects: the array; the child opens the
     * {@link TransformControl} segments the record names.
     */
    @Override
    public void run(final ChildContext context) throws Exception
    {
        final WorkerArgs a = WorkerArgs.parse(context.args());
        final SharedArray array = context.array(0);
        a.checkSameFile(array);
        final WorkPlan plan = WorkPlan.of(array, a.from(), a.to(), a.workers());
        final TransformControl c = TransformControl.open(context, a.control(), plan.units());
        work(array, c.control(), c.claims(), c.progress(), a.worker(), plan, a.op(), a.progressBatch(),
            a.prefault(), true, a.goTimeoutMs(), null);
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
        final long goTimeoutMs,
        final AtomicBoolean stop)
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
            TransformWarmUp.prefault(array, plan, worker);
        }
        if (warm)
        {
            try
            {
                TransformWarmUp.warmUp(array, from, to, op, negate, dop, lop);
            }
            catch (final RuntimeException ex)
            {
                // only an optimisation: without it the first stripes run before the JIT has compiled the loop
                System.err.println("shmkit: transform warm-up skipped: " + ex.getMessage());
            }
        }
        final int base = workerBase(worker);
        control.set(base + READY_OFFSET, 1);
        if (!TransformStart.awaitGo(control, base, goTimeoutMs, stop))
        {
            return;
        }
        control.setRelease(base + START_OFFSET, TransformControl.epochNanos());
        runUnits(array, control, claims, progress, worker, plan, negate, dop, lop, progressBatch, stop);
        control.setRelease(base + END_OFFSET, TransformControl.epochNanos());
    }

    /**
     * The worker's loop: its own partition's units upwards while it can claim them, then the other partitions'
     * units downwards, from the next partition on, each under its stripe's lock, reporting progress every
     * {@code progressBatch} elements or more, and the rest of the units done when it ends, normally or not.
     *
     * @param stop null in a child (killed to stop); the caller's part's stop flag.
     * @throws CancellationException if {@code stop} was set: before a claim, or while waiting for a lock.
     */
    static void runUnits(
        final SharedArray array, final SharedLongArray control, final SharedLongArray claims,
        final SharedLong progress, final int worker, final WorkPlan plan, final boolean negate,
        final DoubleUnaryOperator dop, final LongUnaryOperator lop, final long progressBatch,
        final AtomicBoolean stop)
    {
        final int base = workerBase(worker);
        final long mine = WorkPlan.claimed(worker);
        long pending = 0;
        try
        {
            for (int k = plan.first(worker), end = plan.first(worker + 1); k < end; k++)
            {
                checkStop(stop);
                if (!claims.compareAndSet(k, WorkPlan.FREE, mine))
                {
                    break; // taken by another worker, and so is every unit above it
                }
                pending = report(progress, pending + applyUnit(array, control, claims, base, worker, plan, k, negate,
                    dop, lop, stop), progressBatch);
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
                    checkStop(stop);
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
                        negate, dop, lop, stop), progressBatch);
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
        final LongUnaryOperator lop, final AtomicBoolean stop)
    {
        final long from = plan.start(k);
        final long to = plan.end(k);
        final ShmLock lock = array.hasLocks() ? array.stripeLock(array.stripeOf(from)) : null;
        if (null != lock)
        {
            lock(lock, stop);
        }
        try
        {
            // NOTE: IN_PROGRESS is published BEFORE the first element changes, so no partial write goes unannounced:
            // a release store orders only what comes before it, so the fence keeps the element stores after it.
            control.setRelease(base + IN_PROGRESS_OFFSET, from);
            UnsafeApi.storeStoreFence();
            TransformOp.apply(array, from, to, negate, dop, lop);
            // NOTE: the unit is marked done BEFORE IN_PROGRESS is cleared: a child killed between the two leaves a
            // done unit, which the parent does not look at again.
            claims.setRelease(k, WorkPlan.done(worker));
            control.setRelease(base + IN_PROGRESS_OFFSET, NONE);
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

    /**
     * Take a stripe's lock: a child waits as long as it takes (it is killed to stop), the caller's part only while
     * its stop flag is clear, so that a lock held for long by another process cannot keep it past its stop.
     */
    private static void lock(final ShmLock lock, final AtomicBoolean stop)
    {
        if (null == stop)
        {
            lock.lock();
            return;
        }
        while (true)
        {
            checkStop(stop);
            try
            {
                if (lock.tryLock(LOCK_TRY_MS, TimeUnit.MILLISECONDS))
                {
                    return;
                }
            }
            catch (final InterruptedException ex)
            {
                // the caller's part's own thread: an interrupt means nothing; the stop flag is what stops it
            }
        }
    }

    /** Throw if the caller's part has been told to stop. */
    private static void checkStop(final AtomicBoolean stop)
    {
        if (null != stop && stop.get())
        {
            throw new CancellationException("stopped: the transform was cancelled or timed out");
        }
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
     * The class-data training run: the code paths of a transform child, on small segments of its own
     * ({@link TransformWarmUp#train}).
     */
    @Override
    public void train(final ChildContext context)
    {
        TransformWarmUp.train(context);
    }
}
