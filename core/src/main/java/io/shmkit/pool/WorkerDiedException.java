package io.shmkit.pool;

import io.shmkit.process.ChildProcessException;

/**
 * A worker JVM ended (killed, out of memory, {@link System#exit}, a failed initializer) while it held the task:
 * the future of every task it held completes exceptionally with this, unless the pool was built to retry
 * ({@link PoolBuilder#retryOnWorkerDeath(int)}) and the task may run again elsewhere. Names the worker, its pid and
 * its exit code, with the tail of its standard error.
 *
 * <p><b>Thrown by:</b> a {@link Pool}'s futures (completed exceptionally with it), and by its {@code map},
 * {@code starmap} and the {@code next()} of its {@code imap} iterators, when a worker died holding a task.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public final class WorkerDiedException extends PoolException
{
    private static final long serialVersionUID = 1L;

    /** The worker's index in the pool (its slot, kept by its replacement). */
    private final int workerIndex;
    /** The worker's process id. */
    private final long pid;
    /** Its exit code. */
    private final int exitCode;

    /**
     * The death of a worker.
     *
     * @param workerIndex the worker's index in the pool.
     * @param pid         its process id.
     * @param exitCode    its exit code (above 128: killed by signal {@code exitCode - 128}).
     * @param detail      what else is known (the tail of its standard error, an initializer's failure); may be empty.
     */
    public WorkerDiedException(final int workerIndex, final long pid, final int exitCode, final String detail)
    {
        super("pool worker " + workerIndex + " (pid " + pid + ") died while holding the task: " +
            ChildProcessException.describeExitCode(exitCode) +
            (null == detail || detail.isBlank() ? "" : "\n" + detail.stripTrailing()));
        this.workerIndex = workerIndex;
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /**
     * The worker's index in the pool, from 0 to {@code workers() - 1}.
     *
     * @return the index.
     */
    public int workerIndex()
    {
        return workerIndex;
    }

    /**
     * The worker's process id.
     *
     * @return the pid.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * The worker's exit code ({@link ChildProcessException#describeExitCode} reads it).
     *
     * @return the code; above 128 the worker was killed by signal {@code code - 128}.
     */
    public int exitCode()
    {
        return exitCode;
    }
}
