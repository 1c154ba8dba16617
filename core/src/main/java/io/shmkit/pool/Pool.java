package io.shmkit.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A pool of warm worker JVMs: Python's {@code multiprocessing.Pool}, as a {@link ExecutorService}. Workers are
 * started once by the process layer (fast-start options, the class-data archive, the parent watchdog: killing this
 * JVM leaves no worker behind), warmed up, and kept; tasks are {@link PoolTask} classes that cross by name with
 * their arguments and results carried by codecs, over shared-memory queues owned by the pool
 * ({@code docs/pool.md}).
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder().workers(2).start())
 * {
 *     List<Long> squares = pool.map(Square.class, List.of(1L, 2L, 3L));     // [1, 4, 9]
 *     CompletableFuture<Long> f = pool.applyAsync(Square.class, 7L);        // 49
 * }
 * }</pre>
 *
 * <h2>Python's verbs</h2>
 * {@link #applyAsync}, {@link #map}, {@link #starmap}, {@link #imap}, {@link #imapUnordered}; Python's
 * {@code close()} is {@link #shutdown()} (no new work; the workers exit once the accepted work is done),
 * {@code join()} is {@link #join()}, {@code terminate()} is {@link #terminate()}. {@link #close()} is Python's
 * {@code close(); join()} (and Java 19's {@code ExecutorService.close()}), for try-with-resources.
 *
 * <h2>Failures</h2>
 * A task that throws completes its future with a {@link PoolTaskException} (the worker's exception type, message
 * and stack trace, as text). A worker that dies ({@code kill -9}, out of memory, {@link System#exit}) fails exactly
 * the tasks it held with a {@link WorkerDiedException} naming it, its pid and exit code (or they run again, see
 * {@link PoolBuilder#retryOnWorkerDeath}), within milliseconds of its death; the pool starts a replacement. No wait
 * of the pool blocks forever because a worker died; {@link #terminate()} cancels what is in flight.
 *
 * <h2>The ExecutorService side</h2>
 * A {@link Callable} or {@link Runnable} is code in this JVM and cannot cross to a worker: {@code submit(Callable)},
 * {@code invokeAll} and {@code invokeAny} accept {@link TaskCall}s ({@link #call}) and reject any other callable with
 * a {@link RejectedExecutionException} saying so; {@code execute} and {@code submit(Runnable)} always reject. {@link #shutdownNow()} is
 * {@link #terminate()} and returns an empty list: the pool cannot tell which queued requests a worker began.
 *
 * <p><b>Note:</b> thread-safe: any thread may submit, wait and shut down. Futures complete on the pool's result
 * thread, so their dependent actions ({@code thenApply}...) run there and must be short (as Python's callbacks)
 * and must not wait for the pool: there, the pool's waits (its blocking methods, and {@code get} or {@code join} of
 * a future it returned, while not done) throw {@link IllegalStateException} rather than wait for themselves.
 * Submitting after {@link #shutdown()} or {@link #terminate()} throws {@link RejectedExecutionException}.
 */
public final class Pool extends PoolExecutorService implements ExecutorService, AutoCloseable
{
    private final PoolCore core;

    Pool(final PoolCore core)
    {
        this.core = core;
    }

    @Override
    PoolCore core()
    {
        return core;
    }

    /**
     * A builder with the defaults: a worker per processor, fast start, the class-data archive, back-off waiting.
     *
     * @return a new builder.
     */
    public static PoolBuilder builder()
    {
        return new PoolBuilder();
    }

    /**
     * The number of worker slots (Python's {@code processes}).
     *
     * @return W.
     */
    public int workers()
    {
        return core.workers;
    }

    /**
     * The prefix of the pool's segment names.
     *
     * @return the name.
     */
    public String name()
    {
        return core.name;
    }

    /**
     * The process ids of the current workers, by index (a worker being replaced shows its replacement once that is
     * started); for monitoring, and to check that no worker is left after {@link #terminate()}.
     *
     * @return W pids; 0 for a slot with no process (its workers keep failing to start).
     */
    public List<Long> workerPids()
    {
        final List<Long> out = new ArrayList<>(core.workers);
        for (int k = 0; k < core.workers; k++)
        {
            final WorkerHandle h = core.slots.get(k);
            out.add(null == h ? 0L : h.pid);
        }
        return out;
    }

    /**
     * Run a task on the least loaded worker (Python's {@code apply_async}).
     *
     * @param task     the task class.
     * @param argument its argument (may be {@code null}).
     * @param <A>      the argument type.
     * @param <R>      the result type.
     * @return a future of the result; it completes exceptionally with a {@link PoolTaskException}, a
     *         {@link WorkerDiedException}, or a cancellation by {@link #terminate()}. Its {@code get} and
     *         {@code join} throw {@link IllegalStateException} on the pool's result thread while it is not done.
     * @throws RejectedExecutionException if the pool was shut down.
     * @throws IllegalArgumentException   if the task class is unusable ({@link PoolTask}) or the encoded argument is
     *                                    longer than a request holds.
     */
    @SuppressWarnings("unchecked")
    public <A, R> CompletableFuture<R> applyAsync(final Class<? extends PoolTask<A, R>> task, final A argument)
    {
        return (CompletableFuture<R>)core.dispatcher.submit(task, argument, -1).future;
    }

    /**
     * Run a task on worker {@code worker} (its current process; a replacement if it is being replaced). Never
     * retried: if that worker dies, the future fails with a {@link WorkerDiedException}.
     *
     * @param worker   from 0 to {@link #workers()} - 1.
     * @param task     the task class.
     * @param argument its argument.
     * @param <A>      the argument type.
     * @param <R>      the result type.
     * @return a future of the result.
     * @throws RejectedExecutionException if the pool was shut down.
     * @throws IllegalArgumentException   if {@code worker} is out of range, or as {@link #applyAsync}.
     */
    @SuppressWarnings("unchecked")
    public <A, R> CompletableFuture<R> applyAsyncOn(final int worker, final Class<? extends PoolTask<A, R>> task,
        final A argument)
    {
        return (CompletableFuture<R>)core.dispatcher.submit(task, argument, worker).future;
    }

    /**
     * Run a task once on each worker, all at once: element {@code k} of the list runs on worker {@code k}, so the W
     * tasks run concurrently on distinct processes (they may wait for each other, e.g. at a barrier).
     *
     * @param task     the task class.
     * @param argument the argument of every run.
     * @param <A>      the argument type.
     * @param <R>      the result type.
     * @return the futures, by worker index.
     * @throws RejectedExecutionException if the pool was shut down.
     * @throws IllegalArgumentException   as {@link #applyAsync}.
     */
    public <A, R> List<CompletableFuture<R>> applyOnEach(final Class<? extends PoolTask<A, R>> task,
        final A argument)
    {
        final List<CompletableFuture<R>> out = new ArrayList<>(core.workers);
        for (int k = 0; k < core.workers; k++)
        {
            out.add(applyAsyncOn(k, task, argument));
        }
        return out;
    }

    /**
     * {@code map} with the default chunk size ({@link PoolBuilder#chunkSize}, or Python's rule).
     *
     * @param task      the task class.
     * @param arguments the arguments, read once.
     * @param <A>       the argument type.
     * @param <R>       the result type.
     * @return the results, in argument order.
     * @throws PoolTaskException          if a task threw (the first failed chunk's, in argument order).
     * @throws WorkerDiedException        if a worker died holding a chunk.
     * @throws RejectedExecutionException if the pool was shut down.
     * @throws IllegalStateException      if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException       if interrupted while waiting (the chunks still run).
     */
    public <A, R> List<R> map(final Class<? extends PoolTask<A, R>> task, final Iterable<? extends A> arguments)
        throws InterruptedException
    {
        return map(task, arguments, 0);
    }

    /**
     * Apply a task to every argument (Python's {@code map}); each chunk of {@code chunkSize} arguments travels as
     * one request (or several, when longer than a request holds) and runs on one worker.
     *
     * @param task      the task class.
     * @param arguments the arguments, read once.
     * @param chunkSize arguments per chunk; 0 for the default.
     * @param <A>       the argument type.
     * @param <R>       the result type.
     * @return the results, in argument order.
     * @throws PoolTaskException          if a task threw (the first failed chunk's, in argument order).
     * @throws WorkerDiedException        if a worker died holding a chunk.
     * @throws RejectedExecutionException if the pool was shut down.
     * @throws IllegalArgumentException   if {@code chunkSize} is negative, or as {@link #applyAsync}.
     * @throws IllegalStateException      if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException       if interrupted while waiting (the chunks still run).
     */
    @SuppressWarnings("unchecked")
    public <A, R> List<R> map(final Class<? extends PoolTask<A, R>> task, final Iterable<? extends A> arguments,
        final int chunkSize) throws InterruptedException
    {
        core.checkNotReader("wait for a map's results");
        final List<Object> all = copy(arguments);
        final int chunk = chunkSize(all.size(), chunkSize);
        final TaskType type = core.types.of(task);
        final List<Pending> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += chunk)
        {
            chunks.add(core.dispatcher.submitChunk(type, all, from, Math.min(all.size(), from + chunk)));
        }
        final List<R> out = new ArrayList<>(all.size());
        for (final Pending p : chunks)
        {
            try
            {
                for (final Object r : (Object[])p.future.get())
                {
                    out.add((R)r);
                }
            }
            catch (final ExecutionException ex)
            {
                throw LazyResults.unwrap(ex);
            }
        }
        return out;
    }

    /**
     * Apply a task to argument tuples (Python's {@code starmap}): the task's argument is the tuple, a
     * {@code List<Object>} its argument codec encodes ({@link PoolCodecs#tuple}).
     *
     * @param task      the task class.
     * @param tuples    the argument tuples.
     * @param chunkSize tuples per chunk; 0 for the default.
     * @param <R>       the result type.
     * @return the results, in argument order.
     * @throws PoolTaskException          if a task threw.
     * @throws WorkerDiedException        if a worker died holding a chunk.
     * @throws RejectedExecutionException if the pool was shut down.
     * @throws InterruptedException       if interrupted while waiting.
     */
    public <R> List<R> starmap(final Class<? extends PoolTask<List<Object>, R>> task,
        final Iterable<? extends List<?>> tuples, final int chunkSize) throws InterruptedException
    {
        final List<List<Object>> all = new ArrayList<>();
        tuples.forEach(t -> all.add(new ArrayList<>(t)));
        return map(task, all, chunkSize);
    }

    /**
     * Apply a task lazily, results in argument order (Python's {@code imap}): arguments are read and chunks
     * submitted as the iterator is consumed, at most 4 chunks per worker ahead of it.
     *
     * @param task      the task class.
     * @param arguments the arguments, read lazily (may be endless).
     * @param chunkSize arguments per chunk (Python's default is 1).
     * @param <A>       the argument type.
     * @param <R>       the result type.
     * @return an iterator whose {@code next()} waits for the next result and throws what {@link #map} throws
     *         (unchecked; an interrupt as a {@link PoolException} with the flag set again); one consuming thread.
     * @throws IllegalArgumentException if {@code chunkSize} is not positive, or the task class is unusable.
     */
    public <A, R> Iterator<R> imap(final Class<? extends PoolTask<A, R>> task, final Iterable<? extends A> arguments,
        final int chunkSize)
    {
        return lazy(task, arguments, chunkSize, true);
    }

    /**
     * As {@link #imap}, with results in completion order (Python's {@code imap_unordered}).
     *
     * @param task      the task class.
     * @param arguments the arguments, read lazily.
     * @param chunkSize arguments per chunk.
     * @param <A>       the argument type.
     * @param <R>       the result type.
     * @return an iterator of the results as they complete.
     * @throws IllegalArgumentException if {@code chunkSize} is not positive, or the task class is unusable.
     */
    public <A, R> Iterator<R> imapUnordered(final Class<? extends PoolTask<A, R>> task,
        final Iterable<? extends A> arguments, final int chunkSize)
    {
        return lazy(task, arguments, chunkSize, false);
    }

    private <R> Iterator<R> lazy(final Class<?> task, final Iterable<?> arguments, final int chunkSize,
        final boolean ordered)
    {
        if (chunkSize < 1)
        {
            throw new IllegalArgumentException("chunkSize=" + chunkSize + " must be positive");
        }
        return new LazyResults<>(core.dispatcher, core.types.of(task), arguments.iterator(), chunkSize,
            Math.max(2, 4 * core.workers), ordered);
    }

    /** The arguments as a list of their own: one array copy of a collection, else element by element. */
    private static List<Object> copy(final Iterable<?> arguments)
    {
        if (arguments instanceof Collection)
        {
            return new ArrayList<>((Collection<?>)arguments);
        }
        final List<Object> all = new ArrayList<>();
        arguments.forEach(all::add);
        return all;
    }

    private int chunkSize(final int n, final int given)
    {
        if (given < 0)
        {
            throw new IllegalArgumentException("chunkSize=" + given + " must not be negative");
        }
        if (given > 0)
        {
            return given;
        }
        if (core.defaultChunk > 0)
        {
            return core.defaultChunk;
        }
        final int per = 4 * core.workers;
        return Math.max(1, n / per + (n % per == 0 ? 0 : 1));
    }

    /**
     * Elements completed so far (with a result, an exception or a worker's death): a task counts one, a chunk as
     * many as it holds. For a progress bar; {@link PoolBuilder#progress} is told of each completion. A task is
     * counted before its future completes: a thread that sees the future done sees it counted.
     *
     * @return the count.
     */
    public long completedTasks()
    {
        return core.completed();
    }

    /**
     * Elements submitted so far.
     *
     * @return the count.
     */
    public long submittedTasks()
    {
        return core.submitted();
    }

    /**
     * A task and its argument as a {@link Callable} for {@link #submit(Callable)}, {@link #invokeAll} and
     * {@link #invokeAny}.
     *
     * @param task     the task class.
     * @param argument its argument.
     * @param <A>      the argument type.
     * @param <R>      the result type.
     * @return the call.
     */
    public static <A, R> TaskCall<R> call(final Class<? extends PoolTask<A, R>> task, final A argument)
    {
        return new TaskCall<>(task, argument);
    }

    /**
     * Wait until the pool has ended (Python's {@code join()}); the pool must be shut down or terminated.
     *
     * @throws IllegalStateException if the pool is still running (as Python's {@code ValueError}), or if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException  if interrupted while waiting.
     */
    public void join() throws InterruptedException
    {
        if (!isShutdown())
        {
            throw new IllegalStateException("the pool " + core.name + " is still running: shutdown() it first");
        }
        core.awaitTerminated(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * Wait at most {@code timeout} until the pool has ended; the pool must be shut down or terminated.
     *
     * @param timeout longest wait.
     * @return true if it ended.
     * @throws IllegalStateException if the pool is still running, or if called on the pool's result thread (in a dependent action of one of its futures), where the wait could never end.
     * @throws InterruptedException  if interrupted while waiting.
     */
    public boolean join(final Duration timeout) throws InterruptedException
    {
        if (!isShutdown())
        {
            throw new IllegalStateException("the pool " + core.name + " is still running: shutdown() it first");
        }
        return core.awaitTerminated(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stop now (Python's {@code terminate()}): kill every worker (SIGKILL), cancel every task in flight (their
     * futures throw {@link java.util.concurrent.CancellationException}), remove the pool's segments. Returns when
     * no worker process is left. Idempotent.
     */
    public void terminate()
    {
        core.terminate();
    }

    /**
     * Python's {@code close(); join()}: no new work, wait until the accepted work is done and the pool has ended.
     * An interrupt ends the wait by terminating the pool (the interrupt flag is set again). Called from a dependent
     * action of one of the pool's futures (which runs on the pool's result thread) it only shuts the pool down and
     * returns, as waiting there would keep the results it waits for unread.
     */
    @Override
    public void close()
    {
        shutdown();
        if (core.onReader())
        {
            return; // a future's dependent action: waiting here would keep the results it waits for unread
        }
        try
        {
            core.awaitTerminated(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            terminate();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString()
    {
        return "Pool{" + core.name + ", workers=" + core.workers + ", " + core.describeState() + "}";
    }
}
