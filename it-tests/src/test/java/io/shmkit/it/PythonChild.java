package io.shmkit.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: a {@code python3} child running a script of the repository's {@code python/} package (found from the
 * it-tests module's directory), with {@code python/} on its {@code PYTHONPATH} so that no installation is needed.
 * Output goes to files, so a chatty child never blocks. Always {@link #close()} it: that kills it if still running.
 */
public final class PythonChild implements AutoCloseable
{
    /** The repository's Python package directory. */
    public static final Path PACKAGE_DIR = Path.of(System.getProperty("user.dir")).resolve("../python").normalize();
    /** The script the cross-process tests drive. */
    public static final Path INTEROP_SCRIPT = PACKAGE_DIR.resolve("tests/interop_child.py");

    private final Process process;
    private final Path out;

    private PythonChild(final Process process, final Path out)
    {
        this.process = process;
        this.out = out;
    }

    /**
     * Why Python tests cannot run here, or null if they can: {@code python3} must run and the package must exist.
     *
     * @return the reason to skip, or null.
     */
    public static String unavailable()
    {
        if (!Files.isRegularFile(INTEROP_SCRIPT))
        {
            return "no " + INTEROP_SCRIPT + ": the Python package is missing";
        }
        try
        {
            final Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 8)")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            {
                p.destroyForcibly();
                return "python3 (3.8 or newer) does not run";
            }
            return null;
        }
        catch (final IOException ex)
        {
            return "python3 not found (" + ex.getMessage() + ")";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Start {@code python3 args...} in the package directory.
     *
     * @param args the interpreter's arguments, e.g. the script and its arguments.
     * @return the running child.
     */
    public static PythonChild start(final String... args)
    {
        return startIn(null, args);
    }

    /**
     * Start {@code python3 args...} in the package directory, with {@code SHMKIT_ROOT} set to {@code root}.
     *
     * @param root the shared-memory root for the child's segments, or null for the default.
     * @param args the interpreter's arguments.
     * @return the running child.
     */
    public static PythonChild startIn(final Path root, final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add("python3");
        cmd.addAll(Arrays.asList(args));
        try
        {
            final Path out = Files.createTempFile("shmkit-python-", ".out");
            final ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(PACKAGE_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("PYTHONPATH", PACKAGE_DIR.toString());
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            if (null != root)
            {
                pb.environment().put("SHMKIT_ROOT", root.toString());
            }
            return new PythonChild(pb.start(), out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Start the interop script with {@code args}.
     *
     * @param args the script's command and arguments.
     * @return the running child.
     */
    public static PythonChild interop(final String... args)
    {
        final List<String> all = new ArrayList<>();
        all.add(INTEROP_SCRIPT.toString());
        all.addAll(Arrays.asList(args));
        return start(all.toArray(new String[0]));
    }

    /**
     * Run the interop script to a zero exit (bounded) and return its output.
     *
     * @param args the script's command and arguments.
     * @return its output.
     * @throws AssertionError with the output if it fails or does not finish within 120 s.
     */
    public static String run(final String... args)
    {
        return runIn(null, args);
    }

    /**
     * Run the interop script to a zero exit (bounded), with {@code SHMKIT_ROOT} set to {@code root}.
     *
     * @param root the shared-memory root, or null for the default.
     * @param args the script's command and arguments.
     * @return its output.
     * @throws AssertionError with the output if it fails or does not finish within 120 s.
     */
    public static String runIn(final Path root, final String... args)
    {
        final List<String> all = new ArrayList<>();
        all.add(INTEROP_SCRIPT.toString());
        all.addAll(Arrays.asList(args));
        try (PythonChild c = startIn(root, all.toArray(new String[0])))
        {
            return c.awaitSuccess(120);
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
     * Wait for a zero exit.
     *
     * @param seconds bound.
     * @return the output.
     * @throws AssertionError with the output if it failed or did not finish in time (then it is killed).
     */
    public String awaitSuccess(final long seconds)
    {
        final int code = ChildProcesses.waitFor(process, seconds, "python child", this::output);
        if (code != 0)
        {
            throw new AssertionError("python child " + pid() + " exited with " + code + "\n" + output());
        }
        return output();
    }

    /**
     * Wait for an exit and tell whether it was zero.
     *
     * @param seconds bound.
     * @return true if the child exited with 0 in time.
     */
    public boolean awaitSucceeded(final long seconds)
    {
        try
        {
            return process.waitFor(seconds, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kill with SIGKILL and reap. */
    public void kill9()
    {
        ChildProcesses.kill9(process);
    }

    /**
     * Output (standard output and error) so far.
     *
     * @return the text.
     */
    public String output()
    {
        return ChildProcesses.read(out);
    }

    @Override
    public void close()
    {
        ChildProcesses.close(process, out);
    }
}
