package io.shmkit.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.shmkit.internal.process.JvmSettings;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.WaitStrategy;
import io.shmkit.segment.ShmOptions;

/**
 * Configures and starts a {@link Pool}. Every setter returns this builder.
 *
 * <p><b>Throws:</b> IllegalArgumentException (a setting out of range: workers not 1 to 256, a negative chunk size or
 * task limit, retries not 0 to 100, a bad heap size, a name over 180 characters, a bad request capacity; at
 * {@link #start()}, a pool name that is not a valid segment name); {@link #start()} also PoolException (a worker died
 * while starting, or was not ready in time) and UncheckedIOException (the pool's queues cannot be created).
 *
 * <p><b>Note:</b> not thread-safe; a builder may start several pools, each with the configuration of the time of its
 * {@link #start()}.
 */
public final class PoolBuilder
{
    // DELIBERATE REPEATS: the setters share one shape, as a builder's do.
    int workers = Runtime.getRuntime().availableProcessors();
    int chunkSize;
    String initializer;
    final List<String> initializerArgs = new ArrayList<>();
    int maxTasksPerWorker;
    int retries;
    final List<String> jvmOptions = new ArrayList<>();
    String heap;
    boolean fastStart = true;
    boolean classDataArchive = true;
    WaitStrategy waitStrategy = WaitStrategy.BACKOFF;
    ShmOptions shm = ShmOptions.defaults();
    String name;
    Duration startTimeout = Duration.ofSeconds(60);
    int requestCapacity = QueueOptions.DEFAULT_CAPACITY;
    int resultCapacity = 4 * QueueOptions.DEFAULT_CAPACITY;
    PoolProgress progress;

    PoolBuilder()
    {
    }

    /**
     * How many worker JVMs (Python's {@code processes}); default: the number of processors.
     *
     * @param n from 1 to 256.
     * @return this builder.
     * @throws IllegalArgumentException if out of range.
     */
    public PoolBuilder workers(final int n)
    {
        if (n < 1 || n > 256)
        {
            throw new IllegalArgumentException("workers=" + n + " must be from 1 to 256");
        }
        workers = n;
        return this;
    }

    /**
     * The chunk size of {@code map} and {@code starmap} when none is given; 0 (the default) for Python's rule: the
     * number of elements divided by four times the workers, rounded up.
     *
     * @param n 0 or more.
     * @return this builder.
     * @throws IllegalArgumentException if negative.
     */
    public PoolBuilder chunkSize(final int n)
    {
        if (n < 0)
        {
            throw new IllegalArgumentException("chunkSize=" + n + " must not be negative");
        }
        chunkSize = n;
        return this;
    }

    /**
     * Run {@code type} once in each worker before its first task (Python's {@code initializer} and
     * {@code initargs}).
     *
     * @param type the initializer class (public, with a public no-argument constructor).
     * @param args its arguments ({@link WorkerContext#args()}).
     * @return this builder.
     */
    public PoolBuilder initializer(final Class<? extends WorkerInitializer> type, final String... args)
    {
        initializer = type.getName();
        initializerArgs.clear();
        for (final String a : args)
        {
            initializerArgs.add(Objects.requireNonNull(a, "argument"));
        }
        return this;
    }

    /**
     * Replace a worker after it has taken this many tasks (Python's {@code maxtasksperchild}); a chunk of
     * {@code map} counts as one task. 0 (the default) keeps workers for the pool's life.
     *
     * @param n 0 or more.
     * @return this builder.
     * @throws IllegalArgumentException if negative.
     */
    public PoolBuilder maxTasksPerWorker(final int n)
    {
        if (n < 0)
        {
            throw new IllegalArgumentException("maxTasksPerWorker=" + n + " must not be negative");
        }
        maxTasksPerWorker = n;
        return this;
    }

    /**
     * Run a task again, on another worker, when the worker holding it dies, at most {@code n} times (0, the default:
     * its future fails with a {@link WorkerDiedException}). A task pinned to a worker is never retried. Retrying
     * keeps a copy of every task's encoded arguments until it completes. A retried task runs again whole: a chunk
     * of a map whose elements the dead worker had partly run (one request or several) runs them again, so retry is
     * at-least-once for the task's elements.
     *
     * @param n retries per task, from 0 to 100.
     * @return this builder.
     * @throws IllegalArgumentException if out of range.
     */
    public PoolBuilder retryOnWorkerDeath(final int n)
    {
        if (n < 0 || n > 100)
        {
            throw new IllegalArgumentException("retries=" + n + " must be from 0 to 100");
        }
        retries = n;
        return this;
    }

    /**
     * Add JVM options of the workers, after shmkit's own.
     *
     * @param options e.g. {@code "-XX:+UseZGC"}.
     * @return this builder.
     */
    public PoolBuilder jvmOptions(final String... options)
    {
        for (final String o : options)
        {
            jvmOptions.add(Objects.requireNonNull(o, "option"));
        }
        return this;
    }

    /**
     * The maximum heap of each worker ({@code -Xmx}).
     *
     * @param size e.g. {@code "256m"}; {@code null} for the JVM's default.
     * @return this builder.
     * @throws IllegalArgumentException if the size is not a positive number with an optional unit.
     */
    public PoolBuilder heap(final String size)
    {
        heap = JvmSettings.checkHeapSize(size);
        return this;
    }

    /**
     * Start workers with the process layer's fast-start options (C1 only, serial collector): default true. Turn
     * off for long CPU-bound tasks, which then run at C2 speed.
     *
     * @param fast whether to start fast.
     * @return this builder.
     */
    public PoolBuilder fastStart(final boolean fast)
    {
        fastStart = fast;
        return this;
    }

    /**
     * Whether workers use the process layer's class-data archive cache (default true).
     *
     * @param use false to start without an archive.
     * @return this builder.
     */
    public PoolBuilder classDataArchive(final boolean use)
    {
        classDataArchive = use;
        return this;
    }

    /**
     * How idle workers and the parent's result thread wait ({@link WaitStrategy#BACKOFF} by default: little CPU,
     * woken within about half a millisecond; {@link WaitStrategy#SPIN} or {@link WaitStrategy#YIELD} for the lowest
     * latency, at a core per waiting thread).
     *
     * @param strategy the strategy.
     * @return this builder.
     */
    public PoolBuilder waitStrategy(final WaitStrategy strategy)
    {
        waitStrategy = Objects.requireNonNull(strategy, "strategy");
        return this;
    }

    /**
     * The segment options of the pool's queues and of the shared objects its workers open (the root directory).
     *
     * @param options the options.
     * @return this builder.
     */
    public PoolBuilder shmOptions(final ShmOptions options)
    {
        shm = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * The prefix of the pool's segment names (default: a generated unique name); the result queue is
     * {@code name.results}, worker {@code k}'s request queue {@code name.wK}.
     *
     * @param prefix a valid segment name, at most 180 characters.
     * @return this builder.
     * @throws IllegalArgumentException if longer.
     */
    public PoolBuilder name(final String prefix)
    {
        if (prefix.length() > 180)
        {
            throw new IllegalArgumentException("a pool name is at most 180 characters: " + prefix);
        }
        name = prefix;
        return this;
    }

    /**
     * How long {@link #start()} waits for every worker to be ready (default 60 s).
     *
     * @param timeout the bound.
     * @return this builder.
     */
    public PoolBuilder startTimeout(final Duration timeout)
    {
        startTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * The ring capacity of each worker's request queue (default 1 MiB: a request of at most 128 KiB; a longer chunk
     * travels in several).
     *
     * @param bytes a power of two from 1 KiB to 512 MiB.
     * @return this builder.
     * @throws IllegalArgumentException if it is not.
     */
    public PoolBuilder requestCapacity(final int bytes)
    {
        requestCapacity = QueueOptions.defaults().withCapacity(bytes).capacity();
        return this;
    }

    /**
     * Told of every completed task or chunk, on the pool's result thread.
     *
     * @param listener the listener, or {@code null} for none.
     * @return this builder.
     */
    public PoolBuilder progress(final PoolProgress listener)
    {
        progress = listener;
        return this;
    }

    /**
     * Start the workers and wait until every one is ready (warmed up, initializer run).
     *
     * @return the running pool.
     * @throws PoolException                if a worker died while starting (its initializer failed, its JVM did not
     *                                      start) or was not ready within the start timeout; nothing is left
     *                                      running.
     * @throws IllegalArgumentException     if the pool's name is not a valid segment name.
     * @throws java.io.UncheckedIOException if the pool's queues cannot be created (their names exist, no room).
     */
    public Pool start()
    {
        return new Pool(new PoolCore(this));
    }
}
