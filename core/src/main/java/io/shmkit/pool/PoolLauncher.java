package io.shmkit.pool;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.shmkit.process.ChildProcessException;
import io.shmkit.transform.LaunchedWorker;
import io.shmkit.transform.TransformControlCache;
import io.shmkit.transform.WorkerLaunch;
import io.shmkit.transform.WorkerLauncher;

/**
 * The {@link WorkerLauncher} of {@link PoolTransforms}: worker {@code w} of a transform runs as a
 * {@link PoolTransformTask} pinned to pool worker {@code w}, which keeps the array mapped between transforms; with
 * {@link #callerPart()}, the calling process takes one more part itself.
 *
 * <p><b>Note:</b> thread-safe, as the pool is.
 */
final class PoolLauncher implements WorkerLauncher
{
    private final Pool pool;
    private final boolean callerPart;

    PoolLauncher(final Pool pool, final boolean callerPart)
    {
        this.pool = pool;
        this.callerPart = callerPart;
    }

    /**
     * Submit the worker's task to pool worker {@link WorkerLaunch#worker()}.
     *
     * @throws IllegalArgumentException if the transform has more workers than the pool.
     * @throws java.util.concurrent.RejectedExecutionException if the pool is shut down.
     */
    @Override
    public LaunchedWorker launch(final WorkerLaunch launch)
    {
        final int w = launch.worker();
        if (w >= pool.workers())
        {
            throw new IllegalArgumentException("worker " + w + " of a transform on a pool of " + pool.workers() +
                " workers: its workers must run at once, one per pool worker");
        }
        final long pid = pool.workerPids().get(w);
        final CompletableFuture<Boolean> done =
            pool.applyAsyncOn(w, PoolTransformTask.class, PoolTransformTask.argument(launch));
        return new PinnedTask(pool, w, pid, done);
    }

    @Override
    public boolean callerPart()
    {
        return callerPart;
    }

    /** The pool's, kept until the pool ends. */
    @Override
    public TransformControlCache controlCache()
    {
        return pool.core().transformControls;
    }

    @Override
    public String toString()
    {
        return "the warm workers of " + pool + (callerPart ? " and the caller" : "");
    }

    /** A transform worker as a task pinned to a pool worker: ended when the task's future is. */
    private static final class PinnedTask implements LaunchedWorker
    {
        private final Pool pool;
        private final int index;
        private final long pid;
        private final CompletableFuture<Boolean> done;

        PinnedTask(final Pool pool, final int index, final long pid, final CompletableFuture<Boolean> done)
        {
            this.pool = pool;
            this.index = index;
            this.pid = pid;
            this.done = done;
        }

        @Override
        public long pid()
        {
            final Throwable f = failure();
            return f instanceof WorkerDiedException ? ((WorkerDiedException)f).pid() : pid;
        }

        @Override
        public boolean isAlive()
        {
            return !done.isDone();
        }

        @Override
        public boolean join(final Duration timeout) throws InterruptedException
        {
            try
            {
                done.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
            catch (final ExecutionException | TimeoutException | java.util.concurrent.CancellationException ex)
            {
                // ended exceptionally, or not yet: isDone() says which
            }
            return done.isDone();
        }

        @Override
        public OptionalInt exitCode()
        {
            if (!done.isDone())
            {
                return OptionalInt.empty();
            }
            final Throwable f = failure();
            if (null == f)
            {
                return OptionalInt.of(0);
            }
            return OptionalInt.of(f instanceof WorkerDiedException ? ((WorkerDiedException)f).exitCode() :
                ChildProcessException.EXIT_TASK_FAILED);
        }

        @Override
        public String errorText()
        {
            final Throwable f = failure();
            if (null == f)
            {
                return "";
            }
            return f instanceof PoolException ? f.getMessage() : f.toString();
        }

        @Override
        public Exception failure(final int exitCode)
        {
            final Throwable f = failure();
            if (f instanceof Exception)
            {
                return (Exception)f;
            }
            return new PoolException("pool worker " + index + " (pid " + pid + ") " +
                ChildProcessException.describeExitCode(exitCode), f);
        }

        /**
         * Kills the process of pool worker {@code index} (its current one: a replacement if the pool has replaced it
         * since the launch) if the task has not ended: the pool fails the tasks it held and replaces it. Racy, but
         * the race is benign for the transform: a task that ends between the check and the kill has ended anyway.
         */
        @Override
        public void kill()
        {
            final long now = done.isDone() ? -1 : pool.workerPids().get(index);
            if (now > 0)
            {
                ProcessHandle.of(now).ifPresent(ProcessHandle::destroyForcibly);
            }
        }

        /** The exception the task's future ended with, or null (not ended, or ended normally). */
        private Throwable failure()
        {
            if (!done.isCompletedExceptionally())
            {
                return null;
            }
            try
            {
                done.join();
                return null;
            }
            catch (final CompletionException ex)
            {
                return null == ex.getCause() ? ex : ex.getCause();
            }
            catch (final java.util.concurrent.CancellationException ex)
            {
                return ex;
            }
        }

        @Override
        public String toString()
        {
            return "pool worker " + index + " (pid " + pid + ")" + (done.isDone() ? ", ended" : "");
        }
    }
}
