package io.shmkit.transform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

import io.shmkit.internal.process.JvmSettings;
import io.shmkit.process.ShmProcess;
import io.shmkit.process.ShmProcessBuilder;
import io.shmkit.segment.ShmOptions;

/**
 * How {@link Transforms} runs its children: the time limit, the children's JVM, progress reporting.
 * Immutable: every {@code withXxx} method returns a new instance.
 *
 * <p><b>Throws:</b> IllegalArgumentException (a timeout that is not positive, a bad heap size, a progress interval
 * under 1 ms). A progress listener that throws does not stop the transform: it is not called again for it.
 *
 * <p><b>Note:</b> immutable and thread-safe (the progress listener is called from one coordinating thread per
 * transform and must be thread-safe if shared between transforms).
 */
public final class TransformOptions
{
    // DELIBERATE REPEATS: the setters share one shape, as a builder's do.
    /** Time limit of the defaults. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** Progress interval of the defaults. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(100);

    /** The longest time limit and progress interval: what a {@code long} of nanoseconds holds (about 292 years). */
    public static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    private static final LongConsumer NO_PROGRESS = done -> { };
    private static final TransformOptions DEFAULTS = new TransformOptions(Draft.defaults());

    /** The fields, frozen: never changed once this instance holds them. */
    private final Draft fields;

    private TransformOptions(final Draft d)
    {
        this.fields = d;
    }

    /** The fields of options: a copy of an instance's, one of them changed, then frozen in a new instance. */
    private static final class Draft implements Cloneable
    {
        Duration timeout;
        List<String> jvmOptions;
        String heap;
        LongConsumer progressListener;
        Duration progressInterval;
        boolean fastStart;
        boolean classDataArchive;
        Path java;
        String classPath;
        boolean prefault;
        ShmOptions shmOptions;
        WorkerLauncher launcher;

        static Draft defaults()
        {
            final Draft d = new Draft();
            d.timeout = DEFAULT_TIMEOUT;
            d.jvmOptions = List.of();
            d.progressListener = NO_PROGRESS;
            d.progressInterval = DEFAULT_PROGRESS_INTERVAL;
            d.classDataArchive = true;
            d.prefault = true;
            d.shmOptions = ShmOptions.defaults();
            d.launcher = WorkerLauncher.freshChildren();
            return d;
        }

        @Override
        protected Draft clone()
        {
            try
            {
                return (Draft)super.clone();
            }
            catch (final CloneNotSupportedException ex)
            {
                throw new AssertionError(ex);
            }
        }
    }

    private Draft draft()
    {
        return fields.clone();
    }

    /**
     * The defaults: 10 minutes, no extra JVM options, no progress listener, prefaulting on, the class-data
     * archive as {@link ShmProcess} decides, full JIT (no fast start).
     *
     * @return the defaults.
     */
    public static TransformOptions defaults()
    {
        return DEFAULTS;
    }

    /**
     * The time limit of the whole call; when it passes, the children are killed and the call fails.
     *
     * @param limit a positive duration; one longer than {@link #LONGEST} ({@code ChronoUnit.FOREVER}'s, say) is
     *              taken as {@link #LONGEST}.
     * @return new options.
     * @throws IllegalArgumentException if not positive.
     */
    public TransformOptions withTimeout(final Duration limit)
    {
        if (limit.isNegative() || limit.isZero())
        {
            throw new IllegalArgumentException("timeout=" + limit + " must be positive");
        }
        final Draft d = draft();
        d.timeout = capped(limit);
        return new TransformOptions(d);
    }

    /**
     * Extra JVM options of the children (after shmkit's own).
     *
     * @param options the options.
     * @return new options.
     */
    public TransformOptions withJvmOptions(final List<String> options)
    {
        final Draft d = draft();
        d.jvmOptions = List.copyOf(options);
        return new TransformOptions(d);
    }

    /**
     * The children's maximum heap ({@link ShmProcessBuilder#heap(String)}); the data is off-heap, so a small
     * heap suffices.
     *
     * @param size e.g. {@code "64m"}, or null for the JVM's default.
     * @return new options.
     * @throws IllegalArgumentException if the size is not a positive number with an optional unit
     *                                  ({@code k}, {@code m}, {@code g}, {@code t}).
     */
    public TransformOptions withHeap(final String size)
    {
        final Draft d = draft();
        d.heap = JvmSettings.checkHeapSize(size);
        return new TransformOptions(d);
    }

    /**
     * A listener called with the number of elements done so far, every {@code interval} while the transform
     * runs and once at the end, from the transform's coordinating thread.
     *
     * <p>A listener that throws does not stop the transform: it is not called again for that transform, and its
     * exception goes to the coordinating thread's uncaught exception handler.
     *
     * @param listener receives the progress count (from 0 to the number of elements).
     * @param interval how often; at least 1 ms (one longer than {@link #LONGEST} is taken as {@link #LONGEST}).
     * @return new options.
     * @throws IllegalArgumentException if the interval is shorter than 1 ms.
     */
    public TransformOptions withProgress(final LongConsumer listener, final Duration interval)
    {
        if (interval.compareTo(Duration.ofMillis(1)) < 0)
        {
            throw new IllegalArgumentException("progress interval " + interval + " must be at least 1 ms");
        }
        final Draft d = draft();
        d.progressListener = Objects.requireNonNull(listener, "listener");
        d.progressInterval = capped(interval);
        return new TransformOptions(d);
    }

    /**
     * Start the children with {@link ShmProcess#FAST_START_FLAGS} (C1 only, serial GC). Faster to start, slower
     * to stream: worth it only for small arrays (see the benchmarks).
     *
     * @param fast true to add the flags.
     * @return new options.
     */
    public TransformOptions withFastStart(final boolean fast)
    {
        final Draft d = draft();
        d.fastStart = fast;
        return new TransformOptions(d);
    }

    /**
     * Whether the children may use the class-data archive cache ({@link ShmProcessBuilder#classDataArchive}).
     *
     * @param use false to start without one.
     * @return new options.
     */
    public TransformOptions withClassDataArchive(final boolean use)
    {
        final Draft d = draft();
        d.classDataArchive = use;
        return new TransformOptions(d);
    }

    /**
     * The children's java executable (default: this JVM's).
     *
     * @param javaExecutable path to {@code java} of JDK 17 or later.
     * @return new options.
     */
    public TransformOptions withJava(final Path javaExecutable)
    {
        final Draft d = draft();
        d.java = Objects.requireNonNull(javaExecutable, "javaExecutable");
        return new TransformOptions(d);
    }

    /**
     * The children's class path (default: this JVM's); it must hold shmkit, Agrona and any user operation.
     *
     * @param path the class path.
     * @return new options.
     */
    public TransformOptions withClassPath(final String path)
    {
        final Draft d = draft();
        d.classPath = Objects.requireNonNull(path, "path");
        return new TransformOptions(d);
    }

    /**
     * Whether each child touches one element per page of its partition, and of the top quarter of the next
     * partition (the first it takes units from once done with its own), before reporting ready, so that mapping
     * those pages into the child is part of its start-up, not of the timed transform phase (default true). Fresh
     * children only: a pool's warm workers never prefault ({@link TransformWorkerHost}).
     *
     * @param touch false to skip.
     * @return new options.
     */
    public TransformOptions withPrefault(final boolean touch)
    {
        final Draft d = draft();
        d.prefault = touch;
        return new TransformOptions(d);
    }

    /**
     * The segment options: the root directory the array lives in, where the control segments are created too.
     *
     * @param options the options (only the root is used: the children open the segments with this root and
     *                their own default open timeout).
     * @return new options.
     */
    public TransformOptions withShmOptions(final ShmOptions options)
    {
        final Draft d = draft();
        d.shmOptions = Objects.requireNonNull(options, "options");
        return new TransformOptions(d);
    }

    /**
     * How the workers are started: fresh child JVMs ({@link WorkerLauncher#freshChildren()}, the default), or a
     * pool's warm workers (which a pool's own transform methods set). The JVM settings of these options (JVM
     * options, heap, fast start, class-data archive, java, class path) apply to fresh children only.
     *
     * @param workers the launcher.
     * @return new options.
     */
    public TransformOptions withLauncher(final WorkerLauncher workers)
    {
        final Draft d = draft();
        d.launcher = Objects.requireNonNull(workers, "workers");
        return new TransformOptions(d);
    }

    private static Duration capped(final Duration d)
    {
        return d.compareTo(LONGEST) > 0 ? LONGEST : d;
    }

    /**
     * A wait's bound in nanoseconds, saturated: 0 for a negative duration, {@code Long.MAX_VALUE} for one longer
     * than {@link #LONGEST} (where {@link Duration#toNanos()} throws).
     */
    static long nanos(final Duration d)
    {
        return d.isNegative() ? 0 : d.compareTo(LONGEST) > 0 ? Long.MAX_VALUE : d.toNanos();
    }

    /**
     * The launcher of the workers.
     *
     * @return the launcher.
     */
    public WorkerLauncher launcher()
    {
        return fields.launcher;
    }

    /**
     * The time limit.
     *
     * @return the limit.
     */
    public Duration timeout()
    {
        return fields.timeout;
    }

    /**
     * The extra JVM options.
     *
     * @return an immutable list.
     */
    public List<String> jvmOptions()
    {
        return fields.jvmOptions;
    }

    /**
     * The children's heap size.
     *
     * @return the size, or null.
     */
    public String heap()
    {
        return fields.heap;
    }

    /**
     * The progress listener.
     *
     * @return the listener (a no-op by default).
     */
    public LongConsumer progressListener()
    {
        return fields.progressListener;
    }

    /**
     * The progress interval.
     *
     * @return the interval.
     */
    public Duration progressInterval()
    {
        return fields.progressInterval;
    }

    /**
     * Whether the fast-start flags are added.
     *
     * @return true if so.
     */
    public boolean fastStart()
    {
        return fields.fastStart;
    }

    /**
     * Whether the class-data archive may be used.
     *
     * @return true if so.
     */
    public boolean classDataArchive()
    {
        return fields.classDataArchive;
    }

    /**
     * The children's java executable.
     *
     * @return the path, or null for this JVM's.
     */
    public Path java()
    {
        return fields.java;
    }

    /**
     * The children's class path.
     *
     * @return the class path, or null for this JVM's.
     */
    public String classPath()
    {
        return fields.classPath;
    }

    /**
     * Whether fresh children prefault their partition before the start (a pool's warm workers never do:
     * {@link TransformWorkerHost}).
     *
     * @return true if so.
     */
    public boolean prefault()
    {
        return fields.prefault;
    }

    /**
     * The segment options.
     *
     * @return the options.
     */
    public ShmOptions shmOptions()
    {
        return fields.shmOptions;
    }

    @Override
    public String toString()
    {
        return "TransformOptions{timeout=" + timeout() + ", jvmOptions=" + jvmOptions() + ", heap=" + heap() +
            ", fastStart=" + fastStart() + ", classDataArchive=" + classDataArchive() + ", prefault=" + prefault() +
            ", launcher=" + launcher() + "}";
    }
}
