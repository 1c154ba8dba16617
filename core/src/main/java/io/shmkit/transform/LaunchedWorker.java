package io.shmkit.transform;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A transform worker a {@link WorkerLauncher} started: whether its code is still running, how it ended, and how
 * to stop it. Its code has ended when it returned, threw, or its process died.
 *
 * <p><b>Throws:</b> an implementation's {@link #join} throws InterruptedException if interrupted while waiting. How
 * the worker's code failed is reported, not thrown: {@link #exitCode()}, {@link #errorText()} and {@link #failure},
 * the cause of the transform's {@link TransformException}.
 *
 * <p><b>Note:</b> an implementation must be thread-safe: the transform's coordinating thread polls it while
 * {@link TransformHandle#cancel()} may {@link #kill()} it from another thread.
 */
public interface LaunchedWorker
{
    /**
     * The process that runs the worker.
     *
     * @return its process id, or -1 if not known (yet).
     */
    long pid();

    /**
     * Whether the worker's code has not ended yet (it may also still be waiting to run).
     *
     * @return true until it has returned, thrown or its process died.
     */
    boolean isAlive();

    /**
     * Wait at most {@code timeout} for the worker's code to end.
     *
     * @param timeout longest wait.
     * @return true if it has ended.
     * @throws InterruptedException if interrupted while waiting.
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * How the worker ended, in the words of a process's exit code: 0 when its code returned,
     * {@link io.shmkit.process.ChildProcessException#EXIT_TASK_FAILED} when it threw, 128 + the signal when its
     * process was killed, or its process's own exit code (see
     * {@link io.shmkit.process.ChildProcessException#describeExitCode}).
     *
     * @return the code, or empty while it has not ended.
     */
    OptionalInt exitCode();

    /**
     * What the worker left to explain a failure: the tail of its process's standard error, or the text (type,
     * message and stack trace) of the exception its code threw.
     *
     * @return the text, possibly empty.
     */
    String errorText();

    /**
     * The exception to give as the cause of a {@link TransformException} when this worker did not finish.
     *
     * @param exitCode the code {@link #exitCode()} gave, or
     *                 {@link io.shmkit.process.ChildProcessException#NOT_ENDED}.
     * @return an exception naming the worker's process and how it ended.
     */
    Exception failure(int exitCode);

    /**
     * Stop the worker at once (SIGKILL of the process that runs it), if its code has not ended; returns before it
     * has ended. Idempotent.
     */
    void kill();
}
