package io.shmkit.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test support: a real child JVM running a {@code main} class from the test class path, with shmkit's
 * required flag (or without it, for the test that checks the error), its output captured in files so a chatty
 * child never blocks. Always {@link #close()} it: that kills it if still running.
 */
public final class ChildJvm implements AutoCloseable
{
    /** The flag every JVM using shmkit needs. */
    public static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private final Process process;
    private final Path out;
    private final Path err;

    private ChildJvm(final Process process, final Path out, final Path err)
    {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Start {@code main} with the required flag.
     *
     * @param main class with a {@code main(String[])}.
     * @param args its arguments.
     * @return the running child.
     */
    public static ChildJvm start(final Class<?> main, final String... args)
    {
        return start(List.of(ADD_EXPORTS), main, args);
    }

    /**
     * Start {@code main} with the given JVM options.
     *
     * @param jvmOptions options before the class name.
     * @param main       class with a {@code main(String[])}.
     * @param args       its arguments.
     * @return the running child.
     */
    public static ChildJvm start(final List<String> jvmOptions, final Class<?> main, final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        try
        {
            final Path out = Files.createTempFile("shmkit-child-", ".out");
            final Path err = Files.createTempFile("shmkit-child-", ".err");
            final Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
            return new ChildJvm(p, out, err);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The child's pid.
     *
     * @return pid.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * Whether it still runs.
     *
     * @return true if alive.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Wait for the child to exit, at most {@code seconds}.
     *
     * @param seconds bound.
     * @return the exit code.
     * @throws AssertionError if it did not exit in time (it is killed), with its output.
     */
    public int waitFor(final long seconds)
    {
        return ChildProcesses.waitFor(process, seconds, "child", this::describe);
    }

    /**
     * Wait for a zero exit code.
     *
     * @param seconds bound.
     * @throws AssertionError with the child's output if it failed.
     */
    public void assertSuccess(final long seconds)
    {
        final int code = waitFor(seconds);
        if (code != 0)
        {
            throw new AssertionError("child " + pid() + " exited with " + code + "\n" + describe());
        }
    }

    /** Kill with SIGKILL and reap. */
    public void kill9()
    {
        ChildProcesses.kill9(process);
    }

    /**
     * Standard error so far.
     *
     * @return the text.
     */
    public String stderr()
    {
        return read(err);
    }

    /**
     * Standard output so far.
     *
     * @return the text.
     */
    public String stdout()
    {
        return read(out);
    }

    private String describe()
    {
        return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }

    private static String read(final Path p)
    {
        return ChildProcesses.read(p);
    }

    @Override
    public void close()
    {
        ChildProcesses.close(process, out, err);
    }
}
