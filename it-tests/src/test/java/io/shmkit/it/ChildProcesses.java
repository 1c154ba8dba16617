package io.shmkit.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What {@link ChildJvm} and {@link PythonChild} share: bounded waits, SIGKILL and reading captured output. */
final class ChildProcesses
{
    private ChildProcesses()
    {
    }

    /**
     * Wait for {@code process} to exit, at most {@code seconds}.
     *
     * @return the exit code.
     * @throws AssertionError if it did not exit in time (it is killed), with {@code describe}'s text.
     */
    static int waitFor(final Process process, final long seconds, final String what, final Supplier<String> describe)
    {
        try
        {
            if (!process.waitFor(seconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new AssertionError(what + " " + process.pid() + " did not exit within " + seconds + " s\n" +
                    describe.get());
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /**
     * Kill with SIGKILL and reap (bounded).
     *
     * @throws AssertionError if the process is still there after the bound.
     */
    static void kill9(final Process process)
    {
        process.destroyForcibly();
        try
        {
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                throw new AssertionError("pid " + process.pid() + " still runs 60 s after SIGKILL");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** A captured output file's text, or a note that it cannot be read. */
    static String read(final Path p)
    {
        try
        {
            return Files.readString(p, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }

    /** Kill {@code process} if it still runs, and delete its captured output files. */
    static void close(final Process process, final Path... outputs)
    {
        if (process.isAlive())
        {
            kill9(process);
        }
        for (final Path p : outputs)
        {
            try
            {
                Files.deleteIfExists(p);
            }
            catch (final IOException ignore)
            {
                // a temporary file only
            }
        }
    }
}
