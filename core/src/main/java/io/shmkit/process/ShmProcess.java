package io.shmkit.process;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that works on shared objects: Python's {@code multiprocessing.Process}. Built with
 * {@link #builder()}, started with {@link ShmProcessBuilder#start()}; the child runs shmkit's launcher, which opens the
 * handed-over shared objects by name and runs the entry class, a {@link ChildTask} or a class with a
 * {@code main(String[])}.
 *
 * <pre>{@code
 * try (SharedDoubleArray a = SharedDoubleArray.create("demo", 'd', 10);
 *      ShmProcess p = ShmProcess.builder().task(Negate.class).share(a).start())
 * {
 *     p.joinAndCheck(Duration.ofSeconds(60));   // Negate.run(ctx) calls ctx.doubleArray("demo").negate()
 * }
 * }</pre>
 *
 * <h2>The child's command line</h2>
 * The parent's {@code java} ({@code java.home}), class path ({@code java.class.path}) and the flags every shmkit
 * JVM needs ({@link #SHMKIT_JVM_FLAGS}), then {@code -Xmx} if a heap size is set, the fast-start options if asked
 * for ({@link ShmProcessBuilder#fastStart(boolean)}), {@code -Dshmkit.root} (the parent's segment root), the
 * caller's JVM options (last, so they override), and the class-data archive options (see below). Everything is
 * overridable through the {@link ShmProcessBuilder}.
 *
 * <h2>Start-up time</h2>
 * Unless turned off ({@link #ARCHIVE_PROP_NAME}, {@link ShmProcessBuilder#classDataArchive(boolean)}), children use a
 * class-data archive generated on first use into a per-user cache directory ({@link #ARCHIVE_DIR_PROP_NAME},
 * default {@code ~/.cache/shmkit/child-archives}), keyed by the JDK, the class path (with each entry's size and
 * modification time) and the JVM options: an AOT cache on JDK 25 and later, a dynamic AppCDS archive on JDK 17
 * to 24. The first child of a configuration starts a background trainer and runs without the archive; later
 * children use it once the trainer has renamed it into place (atomically). The trainer needs no parent (it
 * outlives a short-lived one, for at most a minute), works in a private segment root of its own, never in the
 * parent's, and logs to {@code KEY.log} in the cache directory . The directory keeps the 8 most
 * recently trained or used archives. The JDK archives classes from JAR files only: a class path with a non-empty
 * directory (an IDE or {@code target/classes}) runs without it.
 *
 * <h2>Daemon children</h2>
 * A daemon child (the default, as the usual use of Python's {@code daemon=True}) watches its parent and halts
 * when the parent is gone, even after a {@code kill -9} of the parent: see {@link ShmProcessBuilder#daemon(boolean)}.
 *
 * <h2>Output</h2>
 * By default the child's standard output is inherited and its standard error is both forwarded to this JVM's
 * {@link System#err} and kept (the last {@link ShmProcessBuilder#tailCapacity(int)} bytes, 64 KiB by default) for
 * {@link #stderrTail()} and {@link ChildProcessException}. Captured streams are drained by daemon threads into
 * bounded buffers, so a chatty child never blocks on a full pipe. The child's {@link System#in} is empty: its
 * standard input is either closed or the wake channel ({@link #wake()}), which only shmkit reads.
 *
 * <p><b>Throws:</b> InterruptedException ({@link #join()}, {@link #join(Duration)} and {@link #joinAndCheck}
 * interrupted while waiting), ChildProcessException ({@link #joinAndCheck}: a non-zero exit code, or not ended in
 * time). Starting is {@link ShmProcessBuilder#start()}'s: IllegalStateException (no entry class), UncheckedIOException
 * (the process cannot be started).
 *
 * <p><b>Note:</b> thread-safe: methods may be called from any thread; {@link #join()} may be called by several
 * threads at once. A {@code ShmProcess} does not outlive the child: {@link #close()} kills a child still running.
 */
public final class ShmProcess implements AutoCloseable
{
    /** The JVM flags every shmkit JVM needs (Agrona reaches {@code jdk.internal.misc.Unsafe}). */
    public static final List<String> SHMKIT_JVM_FLAGS =
        List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    /** The options {@link ShmProcessBuilder#fastStart(boolean)} adds: C1 only and the serial collector. */
    public static final List<String> FAST_START_FLAGS =
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    /** System property: {@code auto} (default) to use a class-data archive for children, {@code off} not to. */
    public static final String ARCHIVE_PROP_NAME = "shmkit.child.archive";
    /** System property: the directory of the children's class-data archives. */
    public static final String ARCHIVE_DIR_PROP_NAME = "shmkit.child.archive.dir";
    /** System property: the default watchdog interval of daemon children, in milliseconds. */
    public static final String WATCHDOG_MILLIS_PROP_NAME = "shmkit.child.watchdog.ms";
    /** Watchdog interval when {@link #WATCHDOG_MILLIS_PROP_NAME} is not set. */
    public static final long DEFAULT_WATCHDOG_MILLIS = 100;
    /** Default size of a captured stream's tail, in bytes. */
    public static final int DEFAULT_TAIL_CAPACITY = 64 * 1024;

    private static final long DRAIN_WAIT_MS = 2_000;

    private final String name;
    private final Process process;
    private final List<String> command;
    private final TailBuffer stdoutTail;
    private final TailBuffer stderrTail;
    private final List<Thread> drains;
    /** The child's standard input, kept open as its wake channel; null without one. Guarded by itself. */
    private final OutputStream wakeChannel;

    ShmProcess(
        final String name,
        final Process process,
        final List<String> command,
        final TailBuffer stdoutTail,
        final TailBuffer stderrTail,
        final List<Thread> drains,
        final boolean wakeChannel)
    {
        this.name = name;
        this.process = process;
        this.command = command;
        this.stdoutTail = stdoutTail;
        this.stderrTail = stderrTail;
        this.drains = drains;
        this.wakeChannel = wakeChannel ? process.getOutputStream() : null;
    }

    /**
     * Wake the child from {@link ChildContext#awaitWake()} (or make its next call return at once): one byte down
     * its wake channel ({@link ShmProcessBuilder#wakeChannel}). A wake-up is a hint, not a message: several may
     * be merged into one, and the child must look again at what it waits for.
     *
     * <p><b>Note:</b> thread-safe; a system call (a write to a pipe), so meant for a child that has said it
     * sleeps, not for every event. It blocks if the pipe is full (about 64 KiB of wake-ups the child never read:
     * a child that does not wait on its channel). A wake-up orders no memory: publish the data it announces
     * through the shared objects first.
     *
     * @return false if the child has no wake channel, or it is closed (the child has ended).
     */
    public boolean wake()
    {
        if (null == wakeChannel)
        {
            return false;
        }
        synchronized (wakeChannel)
        {
            try
            {
                wakeChannel.write(1);
                wakeChannel.flush();
                return true;
            }
            catch (final IOException ex)
            {
                return false; // the child has ended: its end of the pipe is closed
            }
        }
    }

    /**
     * A builder with the defaults: the parent's java and class path, a daemon child, standard output inherited,
     * standard error forwarded and kept.
     *
     * @return a new builder.
     */
    public static ShmProcessBuilder builder()
    {
        return new ShmProcessBuilder();
    }

    /**
     * Whether a command line is that of a JVM started by shmkit's process layer: a child, or a class-data
     * archive's trainer or training run. For tools that look for such processes (e.g. to wait until no archive
     * is being trained before measuring start-up).
     *
     * @param commandLine a process's command line, as {@link ProcessHandle.Info#commandLine()} gives it.
     * @param training    true to match only the archive's trainers and training runs.
     * @return whether it runs shmkit's child launcher (and is a trainer or training run, if asked).
     */
    public static boolean isChildCommandLine(final String commandLine, final boolean training)
    {
        if (!commandLine.contains(" " + ChildMain.class.getName() + " "))
        {
            return false;
        }
        return !training || commandLine.contains(" " + ChildCommandLine.TRAINER_OPTION + " ") ||
            commandLine.contains(" " + ChildCommandLine.Kind.TRAIN.option + " ");
    }

    /**
     * The name given by {@link ShmProcessBuilder#name(String)}, used in messages.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The child's process id.
     *
     * @return the pid.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * The child's process handle, e.g. to signal it or to find its own children.
     *
     * @return the handle.
     */
    public ProcessHandle toHandle()
    {
        return process.toHandle();
    }

    /**
     * The full command line the child was started with.
     *
     * @return an immutable list: the java executable, JVM options, class path, shmkit's launcher class and its
     *         arguments.
     */
    public List<String> command()
    {
        return command;
    }

    /**
     * Whether the child is still running.
     *
     * @return true until it has ended.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Wait until the child ends (Python's {@code join()}), then until its captured output is drained (at most
     * two seconds more, in case a grandchild holds the pipe). An unbounded wait: a child that never ends blocks
     * the caller until interrupted; prefer {@link #join(Duration)} or {@link #joinAndCheck(Duration)}.
     *
     * @return the exit code.
     * @throws InterruptedException if interrupted while waiting.
     */
    public int join() throws InterruptedException
    {
        final int code = process.waitFor();
        awaitDrains();
        return code;
    }

    /**
     * Wait at most {@code timeout} for the child to end (Python's {@code join(timeout)}).
     *
     * @param timeout longest wait; zero or negative just checks.
     * @return true if the child has ended.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean join(final Duration timeout) throws InterruptedException
    {
        if (!process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS))
        {
            return false;
        }
        awaitDrains();
        return true;
    }

    /**
     * Wait at most {@code timeout} for the child to end and check that it succeeded.
     *
     * @param timeout longest wait.
     * @throws ChildProcessException if the child exited with a non-zero code (with the tail of its standard error),
     *                               or did not end in time (it keeps running: {@link #kill()} it if wanted).
     * @throws InterruptedException  if interrupted while waiting.
     */
    public void joinAndCheck(final Duration timeout) throws InterruptedException
    {
        if (!join(timeout))
        {
            throw new ChildProcessException("child '" + name + "' (pid " + pid() + ") did not end within " +
                timeout.toMillis() + " ms", pid(), ChildProcessException.NOT_ENDED, stderrTail());
        }
        final int code = process.exitValue();
        if (code != 0)
        {
            throw failure(code);
        }
    }

    /**
     * The exception {@link #joinAndCheck} throws for an exit code: for a caller that waits for several children
     * itself ({@link #join(Duration)}, {@link #exitCode()}) and reports a failed one the same way. It is returned,
     * not thrown.
     *
     * @param code the child's exit code (normally non-zero), or {@link ChildProcessException#NOT_ENDED}.
     * @return an exception naming the child, its exit code and its meaning, and the tail of its standard error
     *         as captured so far.
     */
    public ChildProcessException failure(final int code)
    {
        return new ChildProcessException(
            "child '" + name + "' (pid " + pid() + ") failed: " + ChildProcessException.describeExitCode(code),
            pid(), code, stderrTail());
    }

    /**
     * The exit code (Python's {@code exitcode}): above 128 the child was ended by signal {@code code - 128}.
     *
     * @return the exit code, or empty while the child runs.
     */
    public OptionalInt exitCode()
    {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Ask the child to end (Python's {@code terminate()}): SIGTERM; the child's shutdown hooks run, so it unlinks
     * the segments it created. Returns at once; {@link #join()} to wait.
     */
    public void terminate()
    {
        process.destroy();
    }

    /**
     * End the child at once (Python's {@code kill()}): SIGKILL. Locks it held are recovered by their next
     * locker, segments it created stay until {@link io.shmkit.Segments#clean} removes them. Returns at once.
     */
    public void kill()
    {
        process.destroyForcibly();
    }

    /**
     * The last bytes of the child's standard output, if captured.
     *
     * @return the tail decoded as UTF-8; empty if standard output is not captured.
     */
    public String stdoutTail()
    {
        return null == stdoutTail ? "" : stdoutTail.text();
    }

    /**
     * The last bytes of the child's standard error, if captured (the default).
     *
     * @return the tail decoded as UTF-8; empty if standard error is not captured.
     */
    public String stderrTail()
    {
        return null == stderrTail ? "" : stderrTail.text();
    }

    /**
     * Kill the child if it still runs and wait (at most ten seconds) for it to end. Idempotent.
     */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
        }
        if (null != wakeChannel)
        {
            synchronized (wakeChannel)
            {
                try
                {
                    wakeChannel.close();
                }
                catch (final IOException ignore)
                {
                    // the child is gone: nothing reads the pipe any more
                }
            }
        }
        boolean interrupted = false;
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            interrupted = true;
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitDrains() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_WAIT_MS);
        for (final Thread t : drains)
        {
            final long left = deadline - System.nanoTime();
            if (left > 0)
            {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
    }

    @Override
    public String toString()
    {
        return "ShmProcess{name=" + name + ", pid=" + pid() +
            (process.isAlive() ? ", alive" : ", exitCode=" + process.exitValue()) + "}";
    }

    /** Where a child's standard output or error goes. */
    public enum Output
    {
        /** To this JVM's own file descriptor (not kept). */
        INHERIT,
        /** Kept in a bounded tail buffer only. */
        CAPTURE,
        /** Forwarded to this JVM's {@link System#out} or {@link System#err} and kept in a bounded tail buffer. */
        TEE,
        /** Thrown away. */
        DISCARD
    }
}
