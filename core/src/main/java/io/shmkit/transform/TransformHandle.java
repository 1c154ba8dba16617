package io.shmkit.transform;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.shmkit.SharedArray;

/**
 * A running {@link Transforms} call: its progress, its children, and its result. A coordinating daemon thread
 * ({@link TransformCoordinator}) starts the children, watches them (they start their phase themselves once all
 * are ready; the thread starts it only if one ended before, and aborts it on a timeout) and cleans up.
 *
 * <p><b>Throws:</b> TransformException ({@link #await()}: a child did not finish, or the transform was cancelled or
 * timed out), TimeoutException (the timed {@code await}: not ended in time; it goes on), IllegalStateException (the
 * coordinating thread itself failed), InterruptedException (interrupted while waiting; the transform goes on),
 * IndexOutOfBoundsException ({@link #pid} of no such partition).
 *
 * <p><b>Note:</b> thread-safe. {@link #progress()} is a volatile read of a heap copy of the shared counter that
 * the coordinating thread refreshes as it polls (it never touches the shared segment, which the coordinating
 * thread unmaps when the transform ends).
 */
public final class TransformHandle
{
    /** Null for an empty range. */
    private final TransformCoordinator coordinator;
    private final TransformOp op;
    private final SharedArray array;
    private final CompletableFuture<TransformResult> result;

    private TransformHandle(
        final TransformCoordinator coordinator, final SharedArray array, final TransformOp op,
        final CompletableFuture<TransformResult> result)
    {
        this.coordinator = coordinator;
        this.array = array;
        this.op = op;
        this.result = result;
    }

    /**
     * Start a transform: create its control segments and its coordinating thread.
     *
     * @param plan null for an empty range, which completes at once.
     */
    static TransformHandle start(
        final SharedArray array, final TransformOp op, final WorkPlan plan, final TransformOptions options)
    {
        if (null == plan)
        {
            return new TransformHandle(null, array, op,
                CompletableFuture.completedFuture(new TransformResult(0, List.of(), 0, 0, 0, 0)));
        }
        final TransformControlCache cache = options.launcher().controlCache();
        final TransformControl shared = null == cache ?
            TransformControlCache.createNew(plan.workers(), plan.units(), options.shmOptions()) :
            cache.take(plan.workers(), plan.units(), options.shmOptions());
        final TransformCoordinator c = new TransformCoordinator(array, op, plan, options, shared, cache);
        final Thread t = new Thread(c, "shmkit-transform-" + shared.name());
        t.setDaemon(true);
        t.start();
        return new TransformHandle(c, array, op, c.result);
    }

    /**
     * Elements done so far: the last value the coordinating thread read from the shared counter the children add
     * to after each stripe or 1 MiB (it reads it every few milliseconds at most), or the final count once the
     * transform has ended. A volatile read of a field on the heap; never touches shared memory.
     *
     * @return from 0 to {@link #total()}.
     */
    public long progress()
    {
        return null == coordinator ? 0 : coordinator.progress();
    }

    /**
     * The number of elements to transform.
     *
     * @return the sum of the partitions' lengths.
     */
    public long total()
    {
        return null == coordinator ? 0 : coordinator.total;
    }

    /**
     * The partitions, one per child.
     *
     * @return an immutable list.
     */
    public List<Partition> partitions()
    {
        return null == coordinator ? List.of() : coordinator.plan.partitions();
    }

    /**
     * The process id of the child of a partition.
     *
     * @param partition the partition's index.
     * @return its pid, or -1 if it has not been started (yet).
     * @throws IndexOutOfBoundsException if there is no such partition.
     */
    public long pid(final int partition)
    {
        Objects.checkIndex(partition, partitions().size());
        final LaunchedWorker c = coordinator.child(partition);
        return null == c ? -1 : c.pid();
    }

    /**
     * Whether the transform has ended, successfully or not.
     *
     * @return true once ended.
     */
    public boolean isDone()
    {
        return result.isDone();
    }

    /**
     * Wait for the transform to end. Unbounded: the transform itself is bounded by
     * {@link TransformOptions#timeout()}.
     *
     * <p>Memory effects: the transform's result is published when every child has ended and been reaped and the
     * control segments are unlinked, so a caller that returns from this method (normally or with a
     * {@link TransformException}) sees every write the children made to the array (their process exit
     * happens-before), and no child of the transform is alive.
     *
     * @return timings and partitions.
     * @throws TransformException   if a child did not finish (or the transform was cancelled or timed out);
     *                              the same immutable exception object for every caller.
     * @throws IllegalStateException if the coordinating thread itself failed (an {@link Error} or a checked
     *                               exception, as the cause); another unchecked exception it met is thrown as is.
     * @throws InterruptedException if interrupted while waiting; the transform goes on.
     */
    public TransformResult await() throws InterruptedException
    {
        try
        {
            return result.get();
        }
        catch (final ExecutionException ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * Wait at most {@code timeout} for the transform to end, with the memory effects of {@link #await()} when
     * it has.
     *
     * @param timeout longest wait.
     * @return timings and partitions.
     * @throws TransformException   if a child did not finish; as for {@link #await()}, and so are other
     *                              failures of the coordinating thread.
     * @throws TimeoutException     if the transform has not ended in time; it goes on.
     * @throws IllegalStateException if the coordinating thread itself failed, as for {@link #await()}.
     * @throws InterruptedException if interrupted while waiting; the transform goes on.
     */
    public TransformResult await(final Duration timeout) throws InterruptedException, TimeoutException
    {
        try
        {
            return result.get(TransformOptions.nanos(timeout), TimeUnit.NANOSECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw rethrow(ex);
        }
    }

    private static RuntimeException rethrow(final ExecutionException ex)
    {
        final Throwable c = ex.getCause();
        if (c instanceof RuntimeException)
        {
            // the same object for every caller of await(): it is immutable, so it is thrown as it is
            return (RuntimeException)c;
        }
        return new IllegalStateException("transform failed: " + c, c);
    }

    /**
     * Stop the transform: kill (SIGKILL) its children. Returns at once, before the children have ended: a child
     * may still be writing its current stripe when this returns. {@link #await()} then throws a
     * {@link TransformException} that lists what is not done, once every child has ended and been
     * reaped; only from then on is the array's state final. A child the coordinating thread starts after this
     * call is not started (the flag is volatile and checked before each start). No effect once the transform has
     * ended.
     */
    public void cancel()
    {
        if (null != coordinator)
        {
            coordinator.cancel();
        }
    }

    /** Stop the caller's part, if the transform has one, and wait until it has ended (see {@link CallerPart}). */
    void awaitCallerPart()
    {
        final CallerPart part = null == coordinator ? null : coordinator.callerPart();
        if (null != part)
        {
            part.kill();
            part.awaitEnd();
        }
    }

    @Override
    public String toString()
    {
        return "TransformHandle{op=" + op + ", array=" + array.name() + ", partitions=" + partitions().size() +
            ", progress=" + progress() + "/" + total() + (isDone() ? ", done" : "") + "}";
    }
}
