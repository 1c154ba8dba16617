package io.shmkit.transform;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.shmkit.SharedDoubleArray;
import io.shmkit.process.ChildProcessException;
import io.shmkit.segment.ShmOptions;

/** A {@link WorkerLauncher} for tests: each worker a thread of this JVM, as a pool's worker process would run it. */
final class ThreadLaunchers
{
    private ThreadLaunchers()
    {
    }

    /** A {@code 'd'} array of {@code n} elements in 8 stripes, holding {@code 0, 1, 2, ...}. */
    static SharedDoubleArray indexed(final String name, final int n)
    {
        final SharedDoubleArray a = SharedDoubleArray.create(name, 'd', n, ShmOptions.defaults().withStripes(8));
        for (int i = 0; i < n; i++)
        {
            a.set(i, i);
        }
        return a;
    }

    /**
     * Worker {@code w} runs on a thread of its own, with its own host and its own mapping of the array (opened on
     * first use, kept until {@link #close()}), as a pool's worker process would.
     */
    static final class ThreadLauncher implements WorkerLauncher, AutoCloseable
    {
        final List<WorkerLaunch> launched = new ArrayList<>();
        final TransformWorkerHost[] hosts;
        final SharedDoubleArray[] arrays;

        /** Whether the transforms it launches take the caller's part ({@link CallerPart}). */
        final boolean callerPart;

        ThreadLauncher(final int workers)
        {
            this(workers, false);
        }

        ThreadLauncher(final int workers, final boolean callerPart)
        {
            this.callerPart = callerPart;
            hosts = new TransformWorkerHost[workers];
            arrays = new SharedDoubleArray[workers];
            for (int w = 0; w < workers; w++)
            {
                hosts[w] = new TransformWorkerHost();
            }
        }

        @Override
        public synchronized LaunchedWorker launch(final WorkerLaunch launch)
        {
            launched.add(launch);
            final int w = launch.worker();
            if (null == arrays[w])
            {
                arrays[w] = SharedDoubleArray.open(launch.arrayName());
            }
            final SharedDoubleArray array = arrays[w];
            final CompletableFuture<Void> done = CompletableFuture.runAsync(
                () -> hosts[w].run(array, launch.args(), ShmOptions.defaults()),
                r -> new Thread(r, "worker-" + w).start());
            return new ThreadWorker(done);
        }

        @Override
        public boolean callerPart()
        {
            return callerPart;
        }

        @Override
        public synchronized void close()
        {
            for (final SharedDoubleArray a : arrays)
            {
                if (null != a)
                {
                    a.close();
                }
            }
        }
    }

    /** A worker on a thread: ended when its future is. */
    static class ThreadWorker implements LaunchedWorker
    {
        private final CompletableFuture<Void> done;

        ThreadWorker(final CompletableFuture<Void> done)
        {
            this.done = done;
        }

        @Override
        public long pid()
        {
            return ProcessHandle.current().pid();
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
                done.get(TransformOptions.nanos(timeout), TimeUnit.NANOSECONDS);
            }
            catch (final ExecutionException | TimeoutException ex)
            {
                // ended with an exception, or not yet: isDone says which
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
            return OptionalInt.of(done.isCompletedExceptionally() ? ChildProcessException.EXIT_TASK_FAILED : 0);
        }

        @Override
        public String errorText()
        {
            try
            {
                done.getNow(null);
                return "";
            }
            catch (final RuntimeException ex)
            {
                final StringWriter s = new StringWriter();
                (null == ex.getCause() ? ex : ex.getCause()).printStackTrace(new PrintWriter(s));
                return s.toString();
            }
        }

        @Override
        public Exception failure(final int exitCode)
        {
            return new IllegalStateException("thread worker ended with " + exitCode + ": " + errorText());
        }

        @Override
        public void kill()
        {
            assertFalse(true, "not killed in these tests");
        }
    }
}
