package io.shmkit.process;

/**
 * The work a child JVM started by {@link ShmProcess} runs: Python's {@code Process(target=f, args=...)}. An
 * implementation is named by class in {@link ShmProcess.Builder#task(Class)}, so it needs a no-argument
 * constructor; the child creates one instance and calls {@link #run(ChildContext)} once, on its main thread.
 *
 * <p>The child exits with code 0 when {@code run} returns and with {@link ChildMain#EXIT_TASK_FAILED} when it
 * throws (the stack trace goes to the child's standard error, whose tail the parent reports in a
 * {@link ChildProcessException}). {@code run} may also call {@link System#exit(int)} itself.
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
     * @throws Exception any failure: the child prints it and exits with {@link ChildMain#EXIT_TASK_FAILED}.
     */
    void run(ChildContext context) throws Exception;
}
