package io.shmkit.pool;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link ExecutorService} contract of {@link Pool}: {@code submit}, {@code execute}, {@code invokeAll} and
 * {@code invokeAny} over {@link TaskCall}s, the one form of a {@link Callable} that can cross to a worker JVM, and
 * {@code shutdown}, {@code shutdownNow}, {@code isShutdown}, {@code isTerminated}, {@code awaitTermination}.
 *
 * <p><b>Note:</b> thread-safe, as {@link Pool}.
 */
abstract class PoolExecutorService implements ExecutorService
{
    /** The pool's machinery. */
    abstract PoolCore core();

    private <T> CompletableFuture<T> submitCall(final Object call)
    {
        if (!(call instanceof TaskCall))
        {
            throw new RejectedExecutionException("a " + (call instanceof Callable ? "Callable" : "Runnable") +
                " is code in this JVM and cannot cross to a worker JVM: submit Pool.call(TaskClass.class, argument)" +
                " or use applyAsync (got " + call + ")");
        }
        final TaskCall<?> c = (TaskCall<?>)call;
        @SuppressWarnings("unchecked")
        final CompletableFuture<T> f = (CompletableFuture<T>)core().dispatcher.submit(c.task, c.argument, -1).future;
        return f;
    }

    /**
     * Run a {@link TaskCall} on a worker.
     *
     * @param task a {@link TaskCall} made by {@link Pool#call}.
     * @return a future of its result (a {@link CompletableFuture}).
     * @throws RejectedExecutionException if it is not a {@link TaskCall}, or the pool was shut down.
     */
    @Override
    public <T> Future<T> submit(final Callable<T> task)
    {
        return submitCall(task);
    }

    /**
     * Not supported: a {@link Runnable} is code in this JVM and cannot cross to a worker JVM.
     *
     * @param task any runnable.
     * @return never.
     * @throws RejectedExecutionException always, saying to submit {@link Pool#call} or use {@link Pool#applyAsync}.
     */
    @Override
    public Future<?> submit(final Runnable task)
    {
        return submitCall(task);
    }

    /**
     * Not supported: a {@link Runnable} is code in this JVM and cannot cross to a worker JVM.
     *
     * @param task   any runnable.
     * @param result unused.
     * @return never.
     * @throws RejectedExecutionException always.
     */
    @Override
    public <T> Future<T> submit(final Runnable task, final T result)
    {
        return submitCall(task);
    }

    /**
     * Not supported: a {@link Runnable} is code in this JVM and cannot cross to a worker JVM.
     *
     * @param command any runnable.
     * @throws RejectedExecutionException always.
     */
    @Override
    public void execute(final Runnable command)
    {
        submitCall(command);
    }

    /**
     * Run every {@link TaskCall} and wait for all.
     *
     * @param tasks {@link TaskCall}s (checked before any is submitted).
     * @return their futures, all done, in the order given.
     * @throws RejectedExecutionException if one is not a {@link TaskCall}, or the pool was shut down.
     * @throws IllegalStateException      if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException       if interrupted while waiting (the unfinished futures are cancelled).
     */
    @Override
    public <T> List<Future<T>> invokeAll(final Collection<? extends Callable<T>> tasks) throws InterruptedException
    {
        core().checkNotReader("invokeAll");
        return Invocations.all(this::submitCall, tasks, Long.MAX_VALUE);
    }

    /**
     * Run every {@link TaskCall} and wait for all, at most {@code timeout}; those not done then are cancelled.
     *
     * @param tasks   {@link TaskCall}s.
     * @param timeout longest wait.
     * @param unit    its unit.
     * @return their futures, in the order given.
     * @throws RejectedExecutionException if one is not a {@link TaskCall}, or the pool was shut down.
     * @throws IllegalStateException      if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException       if interrupted while waiting.
     */
    @Override
    public <T> List<Future<T>> invokeAll(final Collection<? extends Callable<T>> tasks, final long timeout,
        final TimeUnit unit) throws InterruptedException
    {
        core().checkNotReader("invokeAll");
        return Invocations.all(this::submitCall, tasks, unit.toNanos(timeout));
    }

    /**
     * Run the {@link TaskCall}s and return the first result that completes normally; the others are cancelled (a
     * task already running in a worker runs to its end; its result is dropped).
     *
     * @param tasks {@link TaskCall}s, at least one.
     * @return a successful result.
     * @throws ExecutionException         if none succeeded (with the last failure).
     * @throws IllegalArgumentException   if {@code tasks} is empty.
     * @throws RejectedExecutionException if one is not a {@link TaskCall}, or the pool was shut down.
     * @throws IllegalStateException      if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException       if interrupted while waiting.
     */
    @Override
    public <T> T invokeAny(final Collection<? extends Callable<T>> tasks)
        throws InterruptedException, ExecutionException
    {
        core().checkNotReader("invokeAny");
        try
        {
            return Invocations.any(this::submitCall, tasks, Long.MAX_VALUE);
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("an unbounded wait timed out", ex);
        }
    }

    /**
     * As {@link #invokeAny(Collection)}, waiting at most {@code timeout}.
     *
     * @param tasks   {@link TaskCall}s.
     * @param timeout longest wait.
     * @param unit    its unit.
     * @return a successful result.
     * @throws ExecutionException         if none succeeded.
     * @throws TimeoutException           if none succeeded in time.
     * @throws RejectedExecutionException if one is not a {@link TaskCall}, or the pool was shut down.
     * @throws IllegalStateException      if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException       if interrupted while waiting.
     */
    @Override
    public <T> T invokeAny(final Collection<? extends Callable<T>> tasks, final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        core().checkNotReader("invokeAny");
        return Invocations.any(this::submitCall, tasks, unit.toNanos(timeout));
    }


    /**
     * No new work (Python's {@code close()}): tasks already accepted run to completion, then the workers exit and
     * the pool's segments are removed. Returns at once; {@link #awaitTermination} or {@link Pool#join()} waits.
     */
    @Override
    public void shutdown()
    {
        core().shutdown();
    }

    /**
     * {@link Pool#terminate()}.
     *
     * @return an empty list: the pool cannot tell which queued requests a worker had begun.
     */
    @Override
    public List<Runnable> shutdownNow()
    {
        core().terminate();
        return List.of();
    }

    /**
     * Whether {@link #shutdown()}, {@link Pool#close()} or {@link Pool#terminate()} was called.
     *
     * @return true once no new work is taken.
     */
    @Override
    public boolean isShutdown()
    {
        return core().state.get() != PoolCore.RUNNING;
    }

    /**
     * Whether the pool has ended: every worker gone, every segment removed.
     *
     * @return true when terminated.
     */
    @Override
    public boolean isTerminated()
    {
        return core().isTerminated();
    }

    /**
     * Wait until the pool has ended after a shutdown.
     *
     * @param timeout longest wait.
     * @param unit    its unit.
     * @return true if it ended, false on timeout.
     * @throws IllegalStateException if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException  if interrupted while waiting.
     */
    @Override
    public boolean awaitTermination(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return core().awaitTerminated(timeout, unit);
    }
}
