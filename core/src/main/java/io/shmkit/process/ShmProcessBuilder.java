package io.shmkit.process;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.shmkit.SharedArray;
import io.shmkit.SharedValue;
import io.shmkit.internal.process.JvmSettings;
import io.shmkit.segment.ShmOptions;

/**
 * Configures and starts a child. Every setter returns this builder.
 *
 * <p><b>Throws:</b> IllegalArgumentException (an empty class name, a segment name that is empty or starts with
 * {@code -}, a bad heap size, a watchdog interval under 10 ms, a tail capacity that is not positive),
 * IllegalStateException ({@link #command()} or {@link #start()} without an entry class), UncheckedIOException
 * ({@link #start()}: the process cannot be started).
 *
 * <p><b>Note:</b> not thread-safe; a builder may start several children, each with the configuration of the
 * time of its {@link #start()}.
 */
public final class ShmProcessBuilder
{
    // The setters repeat one shape on purpose, as a builder's do: each hands one value to the spec, which checks it.
    /** What the child is to be; read by {@link ChildLauncher} at each {@link #start()}. */
    private final ChildSpec spec = new ChildSpec();

    ShmProcessBuilder()
    {
    }

    /**
     * Run a {@link ChildTask}: the class needs a no-argument constructor.
     *
     * @param task the task class.
     * @return this builder.
     */
    public ShmProcessBuilder task(final Class<? extends ChildTask> task)
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
    public ShmProcessBuilder task(final String className)
    {
        spec.entry(ChildCommandLine.Kind.TASK, className);
        return this;
    }

    /**
     * Run a class's {@code public static void main(String[])} with {@link #args(String...)}; it finds the
     * shared objects through {@link ChildContext#current()}.
     *
     * @param mainClass the entry class.
     * @return this builder.
     */
    public ShmProcessBuilder mainClass(final Class<?> mainClass)
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
    public ShmProcessBuilder mainClass(final String className)
    {
        spec.entry(ChildCommandLine.Kind.MAIN, className);
        return this;
    }


    /**
     * Hand over a shared array: the child opens it by name.
     *
     * @param array the array.
     * @return this builder.
     */
    public ShmProcessBuilder share(final SharedArray array)
    {
        return share(array.name());
    }

    /**
     * Hand over a shared value: the child opens it by name.
     *
     * @param value the value.
     * @return this builder.
     */
    public ShmProcessBuilder share(final SharedValue value)
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
    public ShmProcessBuilder share(final String segmentName)
    {
        if (null == segmentName || segmentName.isEmpty() || segmentName.startsWith("-"))
        {
            throw new IllegalArgumentException("segment name '" + segmentName + "' cannot be handed over");
        }
        spec.shared.add(segmentName);
        return this;
    }

    /**
     * Arguments for the entry ({@link ChildContext#args()}, or {@code main}'s {@code String[]}); replaces
     * earlier ones.
     *
     * @param arguments the arguments.
     * @return this builder.
     */
    public ShmProcessBuilder args(final String... arguments)
    {
        spec.args.clear();
        for (final String a : arguments)
        {
            spec.args.add(Objects.requireNonNull(a, "argument"));
        }
        return this;
    }

    /**
     * The java executable of the child (default: this JVM's {@code java.home}/bin/java).
     *
     * @param javaExecutable path to a {@code java} launcher of JDK 17 or later.
     * @return this builder.
     */
    public ShmProcessBuilder java(final Path javaExecutable)
    {
        spec.java = Objects.requireNonNull(javaExecutable, "javaExecutable");
        return this;
    }

    /**
     * The child's class path (default: this JVM's {@code java.class.path}). It must hold shmkit, Agrona and
     * the entry class.
     *
     * @param path entries separated by {@link File#pathSeparator}.
     * @return this builder.
     */
    public ShmProcessBuilder classPath(final String path)
    {
        spec.classPath = Objects.requireNonNull(path, "path");
        return this;
    }

    /**
     * Add JVM options, after shmkit's own (so they override them).
     *
     * @param options e.g. {@code "-XX:+UseZGC"}.
     * @return this builder.
     */
    public ShmProcessBuilder jvmOptions(final String... options)
    {
        for (final String o : options)
        {
            spec.jvmOptions.add(Objects.requireNonNull(o, "option"));
        }
        return this;
    }

    /**
     * Add JVM options, after shmkit's own.
     *
     * @param options the options.
     * @return this builder.
     */
    public ShmProcessBuilder jvmOptions(final List<String> options)
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
    public ShmProcessBuilder heap(final String size)
    {
        spec.heap = JvmSettings.checkHeapSize(size);
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
    public ShmProcessBuilder environment(final String key, final String value)
    {
        spec.environment.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /**
     * The child's working directory (default: this JVM's).
     *
     * @param directory an existing directory.
     * @return this builder.
     */
    public ShmProcessBuilder workingDirectory(final Path directory)
    {
        spec.workingDirectory = directory;
        return this;
    }

    /**
     * Whether the child halts when this process dies (default true).
     *
     * @param isDaemon false for a child that outlives its parent.
     * @return this builder.
     */
    public ShmProcessBuilder daemon(final boolean isDaemon)
    {
        spec.daemon = isDaemon;
        return this;
    }

    /**
     * Keep a pipe to the child's standard input open (default false: its input is empty), so that the parent can
     * {@link ShmProcess#wake()} a child blocked in {@link ChildContext#awaitWake()}: a child that waits without
     * using a CPU and without polling, and that learns at once that its parent has died (the pipe ends). The
     * child's {@code System.in} is empty either way: the channel is read only by {@code awaitWake}.
     *
     * @param keep true for the channel.
     * @return this builder.
     */
    public ShmProcessBuilder wakeChannel(final boolean keep)
    {
        spec.wakeChannel = keep;
        return this;
    }

    /**
     * How often a daemon child checks that its parent lives.
     *
     * @param interval at least 10 ms.
     * @return this builder.
     * @throws IllegalArgumentException if shorter than 10 ms.
     */
    public ShmProcessBuilder watchdogInterval(final Duration interval)
    {
        spec.watchdog(interval);
        return this;
    }

    /**
     * Where the child's standard output goes (default {@link ShmProcess.Output#INHERIT}).
     *
     * @param output the destination.
     * @return this builder.
     */
    public ShmProcessBuilder stdout(final ShmProcess.Output output)
    {
        spec.stdout = Objects.requireNonNull(output, "output");
        return this;
    }

    /**
     * Where the child's standard error goes (default {@link ShmProcess.Output#TEE}).
     *
     * @param output the destination.
     * @return this builder.
     */
    public ShmProcessBuilder stderr(final ShmProcess.Output output)
    {
        spec.stderr = Objects.requireNonNull(output, "output");
        return this;
    }

    /**
     * How many of the last bytes of a captured stream are kept.
     *
     * @param bytes at least 1.
     * @return this builder.
     * @throws IllegalArgumentException if not positive.
     */
    public ShmProcessBuilder tailCapacity(final int bytes)
    {
        spec.tailCapacity(bytes);
        return this;
    }

    /**
     * Start faster at the cost of slower long-running code: adds {@link ShmProcess#FAST_START_FLAGS} (C1 only, the
     * serial collector, no perf data file). Meant for short children; a long in-place transform runs slower
     * with it (see the benchmarks). Default false.
     *
     * @param fast true to add the options.
     * @return this builder.
     */
    public ShmProcessBuilder fastStart(final boolean fast)
    {
        spec.fastStart = fast;
        return this;
    }

    /**
     * Whether the child uses (and on first use trains) the class-data archive cache (default: true unless
     * {@link ShmProcess#ARCHIVE_PROP_NAME} is {@code off}).
     *
     * @param use false to start without an archive.
     * @return this builder.
     */
    public ShmProcessBuilder classDataArchive(final boolean use)
    {
        spec.archive = use;
        return this;
    }

    /**
     * The directory of the class-data archive cache; it must be private to this user.
     *
     * @param directory the directory (created if missing, mode 0700).
     * @return this builder.
     */
    public ShmProcessBuilder archiveDirectory(final Path directory)
    {
        spec.archiveDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * The segment root the child opens shared objects in (default: this JVM's
     * {@link ShmOptions#defaults()} root).
     *
     * @param options options whose root is used.
     * @return this builder.
     */
    public ShmProcessBuilder shmOptions(final ShmOptions options)
    {
        spec.root = options.root();
        return this;
    }

    /**
     * Another class for the class-data training run to load into the archive besides the entry class: for an
     * entry that runs classes it is given by name (as a transform child runs a user operation), so that those are
     * archived too. A {@link ChildTask} among them that overrides {@link ChildTask#train} is trained as well. A
     * name that is not on the child's class path is ignored (the child then loads that class from its JAR).
     *
     * @param className binary name of the class.
     * @return this builder.
     */
    public ShmProcessBuilder archivePreload(final String className)
    {
        spec.archivePreload.add(className);
        return this;
    }

    /**
     * A name for messages and output threads.
     *
     * @param childName any text.
     * @return this builder.
     */
    public ShmProcessBuilder name(final String childName)
    {
        spec.name = childName;
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
        return ChildLauncher.command(spec, null);
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
        return ChildLauncher.start(spec);
    }
}
