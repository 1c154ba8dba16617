package io.shmkit.process;

/**
 * The work a child JVM started by {@link ShmProcess} runs: Python's {@code Process(target=f, args=...)}. An
 * implementation is named by class in {@link ShmProcessBuilder#task(Class)}, so it needs a no-argument
 * constructor; the child creates one instance and calls {@link #run(ChildContext)} once, on its main thread.
 *
 * <p>The child exits with code 0 when {@code run} returns and with
 * {@link ChildProcessException#EXIT_TASK_FAILED} when it throws (the stack trace goes to the child's standard error,
 * whose tail the parent reports in a {@link ChildProcessException}). {@code run} may also call {@link System#exit(int)}
 * itself.
 *
 * <p><b>Note:</b> each child runs its own instance, so an implementation needs no thread-safety of its own;
 * what it shares with other processes goes through the shared objects of its {@link ChildContext}.
 */
@FunctionalInterface
public interface ChildTask
{
    /**
     * Do the child's work.
     *
     * @param context the arguments and the shared objects handed over by the parent, opened on first use.
     * @throws Exception any failure: the child prints it and exits with {@link ChildProcessException#EXIT_TASK_FAILED}.
     */
    void run(ChildContext context) throws Exception;

    /**
     * Exercise the code paths this task will run, once, in the class-data training run of
     * {@link ShmProcess}'s archive cache (a separate JVM with a private segment root, started in the background on
     * the first start of a configuration), so that the classes they load go into the archive and later children
     * start faster. Called on a fresh instance, never in a child that runs the task. The default does nothing:
     * the archive then holds the classes loaded up to this task's construction.
     *
     * @param context the training run's context: its options, no shared objects.
     * @throws Exception any failure: training fails and children run without an archive.
     */
    default void train(ChildContext context) throws Exception
    {
    }
}
