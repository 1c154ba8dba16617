package io.shmkit.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code invokeAll} and {@code invokeAny} of {@link Pool} over its futures.
 *
 * <p><b>Note:</b> stateless; each call uses only its own locals.
 */
final class Invocations
{
    private Invocations()
    {
    }

    private static <T> List<CompletableFuture<T>> submitAll(final Function<Object, CompletableFuture<T>> submit,
        final Collection<? extends Callable<T>> tasks)
    {
        for (final Callable<T> c : tasks)
        {
            if (!(c instanceof TaskCall))
            {
                submit.apply(c); // throws the rejection that says why
                throw new RejectedExecutionException("not a TaskCall: " + c);
            }
        }
        final List<CompletableFuture<T>> out = new ArrayList<>(tasks.size());
        for (final Callable<T> c : tasks)
        {
            out.add(submit.apply(c));
        }
        return out;
    }

    static <T> List<Future<T>> all(final Function<Object, CompletableFuture<T>> submit,
        final Collection<? extends Callable<T>> tasks, final long timeoutNs) throws InterruptedException
    {
        final List<CompletableFuture<T>> futures = submitAll(submit, tasks);
        final long deadline = System.nanoTime() + timeoutNs;
        boolean finished = false;
        try
        {
            for (final CompletableFuture<T> f : futures)
            {
                if (timeoutNs == Long.MAX_VALUE)
                {
                    awaitQuietly(f, Long.MAX_VALUE);
                }
                else if (!awaitQuietly(f, deadline - System.nanoTime()))
                {
                    return new ArrayList<>(futures);
                }
            }
            finished = true;
            return new ArrayList<>(futures);
        }
        finally
        {
            if (!finished)
            {
                futures.forEach(f -> f.cancel(false));
            }
        }
    }

    private static boolean awaitQuietly(final CompletableFuture<?> f, final long nanos) throws InterruptedException
    {
        try
        {
            if (nanos == Long.MAX_VALUE)
            {
                f.get();
            }
            else
            {
                f.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            }
            return true;
        }
        catch (final ExecutionException | CancellationException ex)
        {
            return true;
        }
        catch (final TimeoutException ex)
        {
            return false;
        }
    }

    static <T> T any(final Function<Object, CompletableFuture<T>> submit,
        final Collection<? extends Callable<T>> tasks, final long timeoutNs)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        if (tasks.isEmpty())
        {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        final List<CompletableFuture<T>> futures = submitAll(submit, tasks);
        final LinkedBlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
        futures.forEach(f -> f.whenComplete((r, ex) -> done.add(f)));
        final long deadline = System.nanoTime() + timeoutNs;
        ExecutionException last = null;
        try
        {
            for (int n = 0; n < futures.size(); n++)
            {
                final CompletableFuture<T> f = timeoutNs == Long.MAX_VALUE ? done.take() :
                    done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (null == f)
                {
                    throw new TimeoutException("no task of invokeAny succeeded in time");
                }
                try
                {
                    return f.get();
                }
                catch (final ExecutionException ex)
                {
                    last = ex;
                }
                catch (final CancellationException ex)
                {
                    last = new ExecutionException(ex);
                }
            }
            throw last;
        }
        finally
        {
            futures.forEach(f -> f.cancel(false));
        }
    }
}
