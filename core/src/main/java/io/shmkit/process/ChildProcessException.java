package io.shmkit.process;

import io.shmkit.segment.ShmException;

/**
 * A child JVM ended in failure: it exited with a non-zero code (a task that threw:
 * {@link #EXIT_TASK_FAILED}; a signal: above 128; a JVM that could not start: 1, the {@code java}
 * launcher's own code; see {@link #describeExitCode}), or did not end in time. Carries the exit code and the tail
 * of the child's standard error, so the cause is visible in the parent.
 *
 * <p><b>Thrown by:</b> {@link ShmProcess#joinAndCheck} (a child that exited with a non-zero code, or did not end in
 * time); {@link ShmProcess#failure} returns one without throwing it.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public class ChildProcessException extends ShmException
{
    private static final long serialVersionUID = 1L;

    /** Exit code reported when the child had not ended. */
    public static final int NOT_ENDED = Integer.MIN_VALUE;
    /**
     * Exit code of a child whose task or {@code main} threw (70, {@code EX_SOFTWARE} of {@code sysexits.h}); not 1,
     * which is the {@code java} launcher's own code for a JVM that could not start.
     */
    public static final int EXIT_TASK_FAILED = 70;
    /** Exit code of a daemon child that ended because its parent died. */
    public static final int EXIT_ORPHANED = 71;
    /** Exit code of a child whose launcher arguments or entry class were wrong (64, {@code EX_USAGE}). */
    public static final int EXIT_USAGE = 64;

    /** The child's process id. */
    private final long pid;
    /** The child's exit code, or {@link #NOT_ENDED}. */
    private final int exitCode;
    /** The tail of the child's standard error. */
    private final String stderrTail;

    /**
     * A failure of the child {@code pid}.
     *
     * @param message    what went wrong, without the error output (it is appended).
     * @param pid        the child's process id.
     * @param exitCode   its exit code, or {@link #NOT_ENDED}.
     * @param stderrTail the last bytes of its standard error; empty if not captured.
     */
    public ChildProcessException(final String message, final long pid, final int exitCode, final String stderrTail)
    {
        super(message + describeTail(stderrTail));
        this.pid = pid;
        this.exitCode = exitCode;
        this.stderrTail = null == stderrTail ? "" : stderrTail;
    }

    private static String describeTail(final String tail)
    {
        if (null == tail || tail.isBlank())
        {
            return "";
        }
        return "\n--- tail of the child's standard error ---\n" + tail.stripTrailing();
    }

    /**
     * A readable meaning of an exit code: the signal for codes above 128, and shmkit's own codes.
     *
     * @param exitCode a child's exit code.
     * @return e.g. {@code "exit code 137 (killed by signal 9, SIGKILL)"}.
     */
    public static String describeExitCode(final int exitCode)
    {
        if (exitCode == NOT_ENDED)
        {
            return "still running";
        }
        final String meaning;
        if (exitCode > 128 && exitCode < 128 + 65)
        {
            final int sig = exitCode - 128;
            meaning = "killed by signal " + sig + signalName(sig);
        }
        else if (exitCode == EXIT_TASK_FAILED)
        {
            meaning = "the task threw: the child's task or main ended with an exception";
        }
        else if (exitCode == 1)
        {
            meaning = "the JVM itself failed to start (exit 1 of the java launcher: a bad JVM option, an unusable " +
                "class-data archive, no memory for the heap), or the child called System.exit(1)";
        }
        else if (exitCode == EXIT_USAGE)
        {
            meaning = "the child could not load or start its entry class";
        }
        else if (exitCode == EXIT_ORPHANED)
        {
            meaning = "the child's parent died";
        }
        else
        {
            meaning = null;
        }
        return "exit code " + exitCode + (null == meaning ? "" : " (" + meaning + ")");
    }

    private static String signalName(final int sig)
    {
        switch (sig)
        {
            case 2: return ", SIGINT";
            case 6: return ", SIGABRT";
            case 9: return ", SIGKILL";
            case 11: return ", SIGSEGV";
            case 15: return ", SIGTERM";
            default: return "";
        }
    }

    /**
     * The child's process id.
     *
     * @return the pid.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * The child's exit code; above 128 it was ended by signal {@code exitCode - 128}.
     *
     * @return the exit code, or {@link #NOT_ENDED} if the child had not ended.
     */
    public int exitCode()
    {
        return exitCode;
    }

    /**
     * The last bytes of the child's standard error (at most the capture size of its
     * {@link ShmProcessBuilder}), decoded as UTF-8.
     *
     * @return the tail, empty if standard error was not captured.
     */
    public String stderrTail()
    {
        return stderrTail;
    }
}
