package io.shmkit.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import io.shmkit.SharedArray;
import io.shmkit.SharedValue;
import io.shmkit.internal.process.JvmSettings;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * A child JVM that works on shared objects: Python's {@code multiprocessing.Process}. Built with
 * {@link #builder()}, started with {@link Builder#start()}; the child runs {@link ChildMain}, which opens the
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
 * for ({@link Builder#fastStart(boolean)}), {@code -Dshmkit.root} (the parent's segment root), the caller's JVM
 * options (last, so they override), and the class-data archive options (see below). Everything is overridable
 * through the {@link Builder}.
 *
 * <h2>Start-up time</h2>
 * Unless turned off ({@link #ARCHIVE_PROP_NAME}, {@link Builder#classDataArchive(boolean)}), children use a
 * class-data archive generated on first use into a per-user cache directory ({@link #ARCHIVE_DIR_PROP_NAME},
 * default {@code ~/.cache/shmkit/child-archives}), keyed by the JDK, the class path (with each entry's size and
 * modification time) and the JVM options: an AOT cache on JDK 25 and later, a dynamic AppCDS archive on JDK 17
 * to 24. The first child of a configuration starts a background trainer and runs without the archive; later
 * children use it once the trainer has renamed it into place (atomically). The trainer needs no parent (it
 * outlives a short-lived one, for at most a minute), works in a private segment root of its own, never in the
 * parent's, and logs to {@code KEY.log} in the cache directory (see {@code ChildArchive}). The directory keeps the 8 most
 * recently trained or used archives. The JDK archives classes from JAR files only: a class path with a non-empty
 * directory (an IDE or {@code target/classes}) runs without it.
 *
 * <h2>Daemon children</h2>
 * A daemon child (the default, as the usual use of Python's {@code daemon=True}) watches its parent and halts
 * when the parent is gone, even after a {@code kill -9} of the parent: see {@link ChildMain}.
 *
 * <h2>Output</h2>
 * By default the child's standard output is inherited and its standard error is both forwarded to this JVM's
 * {@link System#err} and kept (the last {@link Builder#tailCapacity(int)} bytes, 64 KiB by default) for
 * {@link #stderrTail()} and {@link ChildProcessException}. Captured streams are drained by daemon threads into
 * bounded buffers, so a chatty child never blocks on a full pipe. The child's standard input is empty.
 *
 * <p><b>Note:</b> thread-safe: methods may be called from any thread; {@link #join()} may be called by several
 * threads at once. A {@code ShmProcess} does not outlive the child: {@link #close()} kills a child still running.
 */
public final class ShmProcess implements AutoCloseable
{
    /** The JVM flags every shmkit JVM needs (Agrona reaches {@code jdk.internal.misc.Unsafe}). */
    public static final List<String> SHMKIT_JVM_FLAGS =
        List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    /** The options {@link Builder#fastStart(boolean)} adds: C1 only and the serial collector. */
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
    /** Environment variables the java launcher reads JVM options from: part of the archive key. */
    private static final List<String> ENVIRONMENT_JVM_OPTIONS = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private final String name;
    private final Process process;
    private final List<String> command;
    private final TailBuffer stdoutTail;
    private final TailBuffer stderrTail;
    private final List<Thread> drains;

    private ShmProcess(
        final String name,
        final Process process,
        final List<String> command,
        final TailBuffer stdoutTail,
        final TailBuffer stderrTail,
        final List<Thread> drains)
    {
        this.name = name;
        this.process = process;
        this.command = command;
        this.stdoutTail = stdoutTail;
        this.stderrTail = stderrTail;
        this.drains = drains;
    }

    /**
     * A builder with the defaults: the parent's java and class path, a daemon child, standard output inherited,
     * standard error forwarded and kept.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The name given by {@link Builder#name(String)}, used in messages.
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
     * @return an immutable list: the java executable, JVM options, class path, {@link ChildMain} and its
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
     * The exception describing this child's failure.
     *
     * @param code its exit code.
     * @return an exception naming the child, its exit code and the tail of its standard error.
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

    /**
     * Apply an environment overlay to a process builder: a null value removes the variable, any other sets it.
     *
     * @param pb      the process builder, whose environment starts as this JVM's.
     * @param overlay the variables to set or remove.
     */
    static void overlayEnvironment(final ProcessBuilder pb, final Map<String, String> overlay)
    {
        for (final Map.Entry<String, String> e : overlay.entrySet())
        {
            if (null == e.getValue())
            {
                pb.environment().remove(e.getKey());
            }
            else
            {
                pb.environment().put(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Configures and starts a child. Every setter returns this builder.
     *
     * <p><b>Note:</b> not thread-safe; a builder may start several children, each with the configuration of the
     * time of its {@link #start()}.
     */
    public static final class Builder
    {
        private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        private String classPath = System.getProperty("java.class.path", "");
        private final List<String> jvmOptions = new ArrayList<>();
        private String heap;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workingDirectory;
        private ChildMain.Kind kind;
        private String entryClass;
        private final List<String> shared = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private boolean daemon = true;
        private long watchdogMillis = Long.getLong(WATCHDOG_MILLIS_PROP_NAME, DEFAULT_WATCHDOG_MILLIS);
        private Output stdout = Output.INHERIT;
        private Output stderr = Output.TEE;
        private int tailCapacity = DEFAULT_TAIL_CAPACITY;
        private boolean fastStart;
        private boolean archive = !"off".equalsIgnoreCase(System.getProperty(ARCHIVE_PROP_NAME, "auto"));
        private Path archiveDirectory = archiveDirectoryDefault();
        private Path root = ShmOptions.defaults().root();
        private String name;
        private final List<String> archivePreload = new ArrayList<>();

        private Builder()
        {
        }

        private static Path archiveDirectoryDefault()
        {
            final String dir = System.getProperty(ARCHIVE_DIR_PROP_NAME);
            return null != dir && !dir.isEmpty() ? Path.of(dir) : ChildArchive.defaultDirectory();
        }

        /**
         * Run a {@link ChildTask}: the class needs a no-argument constructor.
         *
         * @param task the task class.
         * @return this builder.
         */
        public Builder task(final Class<? extends ChildTask> task)
        {
            return task(task.getName());
        }

        /**
         * Run a {@link ChildTask} named by class name (it must be on the child's class path).
         *
         * @param className binary name of a class implementing {@link ChildTask}.
         * @return this builder.
         * @throws IllegalArgumentException if the name is empty.
         */
        public Builder task(final String className)
        {
            return entry(ChildMain.Kind.TASK, className);
        }

        /**
         * Run a class's {@code public static void main(String[])} with {@link #args(String...)}; it finds the
         * shared objects through {@link ChildContext#current()}.
         *
         * @param mainClass the entry class.
         * @return this builder.
         */
        public Builder mainClass(final Class<?> mainClass)
        {
            return mainClass(mainClass.getName());
        }

        /**
         * Run the {@code main(String[])} of a class named by class name.
         *
         * @param className binary class name.
         * @return this builder.
         * @throws IllegalArgumentException if the name is empty.
         */
        public Builder mainClass(final String className)
        {
            return entry(ChildMain.Kind.MAIN, className);
        }

        private Builder entry(final ChildMain.Kind k, final String className)
        {
            if (null == className || className.isBlank())
            {
                throw new IllegalArgumentException("entry class name must not be empty: '" + className + "'");
            }
            this.kind = k;
            this.entryClass = className;
            return this;
        }

        /**
         * Hand over a shared array: the child opens it by name.
         *
         * @param array the array.
         * @return this builder.
         */
        public Builder share(final SharedArray array)
        {
            return share(array.name());
        }

        /**
         * Hand over a shared value: the child opens it by name.
         *
         * @param value the value.
         * @return this builder.
         */
        public Builder share(final SharedValue value)
        {
            return share(value.name());
        }

        /**
         * Hand over a shared object by segment name.
         *
         * @param segmentName the name.
         * @return this builder.
         * @throws IllegalArgumentException if the name is empty or starts with {@code -}.
         */
        public Builder share(final String segmentName)
        {
            if (null == segmentName || segmentName.isEmpty() || segmentName.startsWith("-"))
            {
                throw new IllegalArgumentException("segment name '" + segmentName + "' cannot be handed over");
            }
            shared.add(segmentName);
            return this;
        }

        /**
         * Arguments for the entry ({@link ChildContext#args()}, or {@code main}'s {@code String[]}); replaces
         * earlier ones.
         *
         * @param arguments the arguments.
         * @return this builder.
         */
        public Builder args(final String... arguments)
        {
            args.clear();
            for (final String a : arguments)
            {
                args.add(Objects.requireNonNull(a, "argument"));
            }
            return this;
        }

        /**
         * The java executable of the child (default: this JVM's {@code java.home}/bin/java).
         *
         * @param javaExecutable path to a {@code java} launcher of JDK 17 or later.
         * @return this builder.
         */
        public Builder java(final Path javaExecutable)
        {
            this.java = Objects.requireNonNull(javaExecutable, "javaExecutable");
            return this;
        }

        /**
         * The child's class path (default: this JVM's {@code java.class.path}). It must hold shmkit, Agrona and
         * the entry class.
         *
         * @param path entries separated by {@link File#pathSeparator}.
         * @return this builder.
         */
        public Builder classPath(final String path)
        {
            this.classPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Add JVM options, after shmkit's own (so they override them).
         *
         * @param options e.g. {@code "-XX:+UseZGC"}.
         * @return this builder.
         */
        public Builder jvmOptions(final String... options)
        {
            for (final String o : options)
            {
                jvmOptions.add(Objects.requireNonNull(o, "option"));
            }
            return this;
        }

        /**
         * Add JVM options, after shmkit's own.
         *
         * @param options the options.
         * @return this builder.
         */
        public Builder jvmOptions(final List<String> options)
        {
            return jvmOptions(options.toArray(new String[0]));
        }

        /**
         * The maximum heap of the child ({@code -Xmx}).
         *
         * @param size e.g. {@code "64m"}, {@code "2g"}; {@code null} for the JVM's default.
         * @return this builder.
         * @throws IllegalArgumentException if the size is not a positive number with an optional unit.
         */
        public Builder heap(final String size)
        {
            this.heap = JvmSettings.checkHeapSize(size);
            return this;
        }

        /**
         * Set (or, with a {@code null} value, remove) an environment variable of the child, which otherwise
         * inherits this JVM's environment.
         *
         * @param key   variable name.
         * @param value its value, or {@code null} to remove it.
         * @return this builder.
         */
        public Builder environment(final String key, final String value)
        {
            environment.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * The child's working directory (default: this JVM's).
         *
         * @param directory an existing directory.
         * @return this builder.
         */
        public Builder workingDirectory(final Path directory)
        {
            this.workingDirectory = directory;
            return this;
        }

        /**
         * Whether the child halts when this process dies (default true).
         *
         * @param isDaemon false for a child that outlives its parent.
         * @return this builder.
         */
        public Builder daemon(final boolean isDaemon)
        {
            this.daemon = isDaemon;
            return this;
        }

        /**
         * How often a daemon child checks that its parent lives.
         *
         * @param interval at least 10 ms.
         * @return this builder.
         * @throws IllegalArgumentException if shorter than 10 ms.
         */
        public Builder watchdogInterval(final Duration interval)
        {
            final long ms = interval.toMillis();
            if (ms < ChildMain.MIN_WATCH_MILLIS)
            {
                throw new IllegalArgumentException("watchdog interval " + interval + " must be at least " +
                    ChildMain.MIN_WATCH_MILLIS + " ms");
            }
            this.watchdogMillis = ms;
            return this;
        }

        /**
         * Where the child's standard output goes (default {@link Output#INHERIT}).
         *
         * @param output the destination.
         * @return this builder.
         */
        public Builder stdout(final Output output)
        {
            this.stdout = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * Where the child's standard error goes (default {@link Output#TEE}).
         *
         * @param output the destination.
         * @return this builder.
         */
        public Builder stderr(final Output output)
        {
            this.stderr = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * How many of the last bytes of a captured stream are kept.
         *
         * @param bytes at least 1.
         * @return this builder.
         * @throws IllegalArgumentException if not positive.
         */
        public Builder tailCapacity(final int bytes)
        {
            if (bytes < 1)
            {
                throw new IllegalArgumentException("tailCapacity=" + bytes + " must be positive");
            }
            this.tailCapacity = bytes;
            return this;
        }

        /**
         * Start faster at the cost of slower long-running code: adds {@link #FAST_START_FLAGS} (C1 only, the
         * serial collector, no perf data file). Meant for short children; a long in-place transform runs slower
         * with it (see the benchmarks). Default false.
         *
         * @param fast true to add the options.
         * @return this builder.
         */
        public Builder fastStart(final boolean fast)
        {
            this.fastStart = fast;
            return this;
        }

        /**
         * Whether the child uses (and on first use trains) the class-data archive cache (default: true unless
         * {@link #ARCHIVE_PROP_NAME} is {@code off}).
         *
         * @param use false to start without an archive.
         * @return this builder.
         */
        public Builder classDataArchive(final boolean use)
        {
            this.archive = use;
            return this;
        }

        /**
         * The directory of the class-data archive cache; it must be private to this user.
         *
         * @param directory the directory (created if missing, mode 0700).
         * @return this builder.
         */
        public Builder archiveDirectory(final Path directory)
        {
            this.archiveDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * The segment root the child opens shared objects in (default: this JVM's
         * {@link ShmOptions#defaults()} root).
         *
         * @param options options whose root is used.
         * @return this builder.
         */
        public Builder shmOptions(final ShmOptions options)
        {
            this.root = options.root();
            return this;
        }

        /**
         * Another class for the class-data training run to load into the archive besides the entry class (e.g. a
         * transform's user operation); a {@link ChildTask} among them that overrides {@link ChildTask#train} is
         * trained too. A name that is not on the class path is ignored.
         *
         * @param className binary name of the class.
         * @return this builder.
         */
        public Builder archivePreload(final String className)
        {
            archivePreload.add(className);
            return this;
        }

        /**
         * A name for messages and output threads.
         *
         * @param childName any text.
         * @return this builder.
         */
        public Builder name(final String childName)
        {
            this.name = childName;
            return this;
        }

        /**
         * The command line {@link #start()} would run now. Starts no process (no child, no archive training), but
         * to look up the class-data archive it may create the archive cache directory (mode {@code 0700}).
         *
         * @return the command.
         * @throws IllegalStateException if no entry class is set.
         */
        public List<String> command()
        {
            return buildCommand(null);
        }

        private List<String> buildCommand(final ChildArchive[] archiveOut)
        {
            if (null == kind)
            {
                throw new IllegalStateException("no entry: call task(...) or mainClass(...) before start()");
            }
            final List<String> cmd = new ArrayList<>();
            cmd.add(java.toString());
            cmd.addAll(SHMKIT_JVM_FLAGS);
            if (null != heap)
            {
                cmd.add("-Xmx" + heap);
            }
            if (fastStart)
            {
                cmd.addAll(FAST_START_FLAGS);
            }
            // Core reflection through method handles (JDK 18+) costs start-up time; a child reflects a few times.
            cmd.add("-Djdk.reflect.useNativeAccessorOnly=true");
            cmd.add("-D" + ShmOptions.ROOT_PROP_NAME + "=" + root);
            cmd.addAll(jvmOptions);
            if (archive && !userChoosesSharing())
            {
                final ChildArchive a =
                    ChildArchive.forConfiguration(java, classPath, keyOptions(cmd, environment), archiveDirectory);
                if (null != a)
                {
                    if (null != archiveOut)
                    {
                        archiveOut[0] = a;
                    }
                    if (a.ready())
                    {
                        cmd.addAll(a.useOptions());
                    }
                }
            }
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(ChildMain.class.getName());
            final ProcessIdentity me = ProcessIdentity.current();
            cmd.add("--parent");
            cmd.add(me.toText());
            cmd.add("--watch");
            cmd.add(daemon ? Long.toString(watchdogMillis) : "0");
            cmd.add("--root");
            cmd.add(root.toString());
            cmd.add(kind.option);
            cmd.add(entryClass);
            for (final String s : shared)
            {
                cmd.add("--share");
                cmd.add(s);
            }
            cmd.add("--");
            cmd.addAll(args);
            return cmd;
        }

        private boolean userChoosesSharing()
        {
            for (final String o : jvmOptions)
            {
                if (o.startsWith("-Xshare") || o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-XX:AOT") ||
                    o.startsWith("-XX:ArchiveClassesAtExit") || o.contains("AutoCreateSharedArchive"))
                {
                    return true;
                }
            }
            return false;
        }

        /**
         * The options that shape an archive: the command's non-{@code -D} options and the JVM options the child
         * (and its trainer, which gets the same environment) picks up from the environment.
         */
        private static List<String> keyOptions(final List<String> cmd, final Map<String, String> environment)
        {
            final List<String> key = new ArrayList<>();
            for (int i = 1; i < cmd.size(); i++)
            {
                if (!cmd.get(i).startsWith("-D"))
                {
                    key.add(cmd.get(i));
                }
            }
            for (final String variable : ENVIRONMENT_JVM_OPTIONS)
            {
                final String value = environment.containsKey(variable) ? environment.get(variable) :
                    System.getenv(variable);
                key.add(variable + "=" + (null == value ? "" : value));
            }
            return key;
        }

        /**
         * Start the child.
         *
         * @return the running child.
         * @throws IllegalStateException if no entry class is set.
         * @throws UncheckedIOException  if the process cannot be started (no such java executable, no such
         *                               working directory).
         */
        public ShmProcess start()
        {
            final ChildArchive[] archiveOut = new ChildArchive[1];
            final List<String> cmd = buildCommand(archiveOut);
            final String childName = null != name ? name : entryClass.substring(entryClass.lastIndexOf('.') + 1);
            final ProcessBuilder pb = new ProcessBuilder(cmd);
            if (null != workingDirectory)
            {
                pb.directory(workingDirectory.toFile());
            }
            overlayEnvironment(pb, environment);
            pb.redirectOutput(redirect(stdout));
            pb.redirectError(redirect(stderr));
            final Process process;
            try
            {
                process = pb.start();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot start child '" + childName + "' with " + java + ": " +
                    ex.getMessage(), ex);
            }
            try
            {
                process.getOutputStream().close();
            }
            catch (final IOException ignore)
            {
                // the child's standard input is just empty
            }
            final List<Thread> drains = new ArrayList<>(2);
            final TailBuffer out = tail(stdout);
            final TailBuffer err = tail(stderr);
            if (null != out)
            {
                drains.add(out.drain(process.getInputStream(), stdout == Output.TEE ? System.out : null,
                    "shmkit-stdout-" + childName + "-" + process.pid()));
            }
            if (null != err)
            {
                drains.add(err.drain(process.getErrorStream(), stderr == Output.TEE ? System.err : null,
                    "shmkit-stderr-" + childName + "-" + process.pid()));
            }
            final ChildArchive a = archiveOut[0];
            if (null != a && !a.ready())
            {
                final int cpIndex = cmd.indexOf("-cp");
                final List<String> preload = new ArrayList<>(archivePreload);
                preload.add(0, entryClass);
                a.trainInBackground(cmd.subList(0, cpIndex), classPath, environment, daemon ? watchdogMillis : 0,
                    preload);
            }
            return new ShmProcess(childName, process, Collections.unmodifiableList(cmd), out, err, drains);
        }

        private TailBuffer tail(final Output output)
        {
            return output == Output.CAPTURE || output == Output.TEE ? new TailBuffer(tailCapacity) : null;
        }

        private static ProcessBuilder.Redirect redirect(final Output output)
        {
            switch (output)
            {
                case INHERIT:
                    return ProcessBuilder.Redirect.INHERIT;
                case DISCARD:
                    return ProcessBuilder.Redirect.DISCARD;
                default:
                    return ProcessBuilder.Redirect.PIPE;
            }
        }
    }
}
