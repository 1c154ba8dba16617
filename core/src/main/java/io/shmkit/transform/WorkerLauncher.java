package io.shmkit.transform;

/**
 * Starts the workers of a transform: the service-provider interface through which a {@link Transforms} call gets
 * its W workers running. The default, {@link #freshChildren()}, starts one child JVM per worker
 * ({@link io.shmkit.process.ShmProcess}) and lets it exit when its work is done; a layer above the transforms (a
 * pool of warm JVMs) supplies its own, which runs each worker's code in a process that is already running and
 * keeps the array mapped between transforms. Chosen per call with {@link TransformOptions#withLauncher}.
 *
 * <p>What a launcher must do, for the transform's work sharing, progress and failure reports to hold:
 * <ul>
 * <li>run the worker's code, {@link TransformWorkerHost#run}, with the arguments of {@link WorkerLaunch#args()}
 * and the array named by {@link WorkerLaunch#arrayName()}, in a process of its own (a worker waits at the start
 * until all W workers are ready, so the W workers of one call must run at the same time, in W processes);</li>
 * <li>tell, through the {@link LaunchedWorker} it returns, when that code has ended and how (normally, with an
 * exception, or with its process's death);</li>
 * <li>stop it at once on {@link LaunchedWorker#kill()} (the transform's timeout and {@link TransformHandle#cancel()}
 * use it).</li>
 * </ul>
 *
 * <p><b>Throws:</b> {@link #launch} throws a RuntimeException if it cannot start the worker (UncheckedIOException for
 * a child JVM that cannot start, RejectedExecutionException for a pool that is shut down): the transform then reports
 * that worker as never started.
 *
 * <p><b>Note:</b> an implementation must be thread-safe: the coordinating threads of several transforms may
 * launch at once.
 */
@FunctionalInterface
public interface WorkerLauncher
{
    /**
     * Start a worker; return at once, while it runs.
     *
     * @param launch what to run: the worker's index, its partition, its arguments.
     * @return the running worker.
     * @throws RuntimeException if it cannot be started: the transform then reports that worker as never started
     *                          (an {@link java.io.UncheckedIOException} for a child JVM that cannot be started, a
     *                          {@link java.util.concurrent.RejectedExecutionException} for a pool that is shut down).
     */
    LaunchedWorker launch(WorkerLaunch launch);

    /**
     * Where the transforms this launcher runs keep their control segments between calls, or {@code null} (the
     * default): then each call creates its own and unlinks them when it ends. A long-lived launcher (a pool's)
     * returns one cache for its life and closes it when it ends.
     *
     * @return the cache, or {@code null}.
     */
    default TransformControlCache controlCache()
    {
        return null;
    }

    /**
     * Whether the calling process takes a part of each transform besides the {@code W} workers this launcher
     * starts ({@link CallerPart}): one more partition, the last, run on a thread of the calling process over the
     * array as the caller holds it, so that the pages the caller has touched already are not mapped again. The
     * plan then has {@code W + 1} partitions, and {@link #launch} is called for the first {@code W}. Only for
     * built-in operations: a transform with a user operation runs on the launched workers alone, where the time
     * limit can stop it. False by default; a pool's transforms ask for it ({@code PoolTransforms}).
     *
     * @return true if the caller takes a part.
     */
    default boolean callerPart()
    {
        return false;
    }

    /**
     * The default launcher: a fresh child JVM per worker, started with the options' JVM settings, ended when its
     * work is done.
     *
     * @return the launcher, stateless.
     */
    static WorkerLauncher freshChildren()
    {
        return FreshChildLauncher.INSTANCE;
    }
}
