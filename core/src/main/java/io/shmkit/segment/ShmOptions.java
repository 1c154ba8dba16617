package io.shmkit.segment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import io.shmkit.Segments;

/**
 * How a segment is created or opened: the root directory, whether it survives its creator, whether it
 * carries locks and how many stripes, how long an opener waits for a segment to become ready, and how a handle
 * waits for another process.
 * Immutable: every {@code withXxx} method returns a new instance.
 *
 * <p>Defaults come from system properties, read once when this class is initialised:
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #ROOT_PROP_NAME}</td><td>{@value #DEFAULT_ROOT}</td>
 *       <td>directory holding segment files</td></tr>
 *   <tr><td>{@value #OPEN_TIMEOUT_PROP_NAME}</td><td>{@value #DEFAULT_OPEN_TIMEOUT_MS}</td>
 *       <td>milliseconds an opener waits for a segment's ready word</td></tr>
 * </table>
 *
 * <p><b>Throws:</b> IllegalArgumentException ({@link #withStripes} of a count that is neither a power of two up to
 * {@link #MAX_STRIPES} nor {@link #AUTO_STRIPES}; {@link #withOpenTimeout} of a negative timeout).
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public final class ShmOptions
{
    // DELIBERATE REPEATS: the setters share one shape, as a builder's do.
    /** The largest stripe count a segment may have (the header allows more; this bounds the lock table). */
    public static final int MAX_STRIPES = 1 << 16;
    /** System property naming the root directory. */
    public static final String ROOT_PROP_NAME = "shmkit.root";
    /** Root directory when {@link #ROOT_PROP_NAME} is not set. */
    public static final String DEFAULT_ROOT = "/dev/shm";
    /** System property giving the open timeout in milliseconds. */
    public static final String OPEN_TIMEOUT_PROP_NAME = "shmkit.open.timeout.ms";
    /** Open timeout when {@link #OPEN_TIMEOUT_PROP_NAME} is not set. */
    public static final long DEFAULT_OPEN_TIMEOUT_MS = 5_000;
    /** Stripe count meaning "choose from the length". */
    public static final int AUTO_STRIPES = 0;

    private static final ShmOptions DEFAULTS = new ShmOptions(
        Path.of(System.getProperty(ROOT_PROP_NAME, DEFAULT_ROOT)),
        false,
        true,
        AUTO_STRIPES,
        Duration.ofMillis(Long.getLong(OPEN_TIMEOUT_PROP_NAME, DEFAULT_OPEN_TIMEOUT_MS)),
        WaitMode.BACKOFF);

    private final Path root;
    private final boolean persistent;
    private final boolean locked;
    private final int stripes;
    private final Duration openTimeout;
    private final WaitMode waitMode;

    private ShmOptions(
        final Path root, final boolean persistent, final boolean locked, final int stripes, final Duration openTimeout,
        final WaitMode waitMode)
    {
        this.root = root;
        this.persistent = persistent;
        this.locked = locked;
        this.stripes = stripes;
        this.openTimeout = openTimeout;
        this.waitMode = waitMode;
    }

    /**
     * The defaults: root from {@value #ROOT_PROP_NAME}, not persistent, with locks, automatic stripes.
     *
     * @return the default options.
     */
    public static ShmOptions defaults()
    {
        return DEFAULTS;
    }

    /**
     * Use another root directory.
     *
     * @param root an existing directory, normally on a tmpfs.
     * @return new options.
     */
    public ShmOptions withRoot(final Path root)
    {
        return new ShmOptions(Objects.requireNonNull(root, "root"), persistent, locked, stripes, openTimeout, waitMode);
    }

    /**
     * Whether a created segment outlives its creator. A non-persistent segment is unlinked when the creating
     * JVM exits normally, and {@link Segments#clean(ShmOptions)} removes it once its creator is dead. A
     * persistent one is removed only by name.
     *
     * @param persistent true to keep the segment after the creator exits.
     * @return new options.
     */
    public ShmOptions withPersistent(final boolean persistent)
    {
        return new ShmOptions(root, persistent, locked, stripes, openTimeout, waitMode);
    }

    /**
     * Whether a created value or array carries locks (Python's {@code lock=True}, the default) or none
     * (Python's {@code RawValue} and {@code RawArray}).
     *
     * @param locked false for a raw value or array.
     * @return new options.
     */
    public ShmOptions withLock(final boolean locked)
    {
        return new ShmOptions(root, persistent, locked, stripes, openTimeout, waitMode);
    }

    /**
     * The number of lock stripes of a created array.
     *
     * @param stripes a power of two from 1 to {@link #MAX_STRIPES}, or {@link #AUTO_STRIPES}.
     * @return new options.
     * @throws IllegalArgumentException if {@code stripes} is neither.
     */
    public ShmOptions withStripes(final int stripes)
    {
        if (stripes != AUTO_STRIPES &&
            (stripes < 0 || stripes > MAX_STRIPES || Integer.bitCount(stripes) != 1))
        {
            throw new IllegalArgumentException(
                "stripes=" + stripes + " must be a power of two from 1 to " + MAX_STRIPES +
                " (or 0 for automatic)");
        }
        return new ShmOptions(root, persistent, locked, stripes, openTimeout, waitMode);
    }

    /**
     * How long an opener waits for a segment that exists but is not ready yet.
     *
     * @param openTimeout a non-negative duration.
     * @return new options.
     * @throws IllegalArgumentException if negative.
     */
    public ShmOptions withOpenTimeout(final Duration openTimeout)
    {
        if (openTimeout.isNegative())
        {
            throw new IllegalArgumentException("openTimeout=" + openTimeout + " must not be negative");
        }
        return new ShmOptions(root, persistent, locked, stripes, openTimeout, waitMode);
    }

    /**
     * How the handles opened or created with these options wait for another process (the synchronisation
     * primitives of {@code io.shmkit.sync}; queues take theirs from their own options).
     *
     * @param waitMode {@link WaitMode#BACKOFF} (the default) or {@link WaitMode#SPIN}.
     * @return new options.
     */
    public ShmOptions withWaitMode(final WaitMode waitMode)
    {
        return new ShmOptions(root, persistent, locked, stripes, openTimeout,
            Objects.requireNonNull(waitMode, "waitMode"));
    }

    /**
     * The root directory.
     *
     * @return the directory holding segment files.
     */
    public Path root()
    {
        return root;
    }

    /**
     * Whether created segments outlive their creator.
     *
     * @return true if persistent.
     */
    public boolean persistent()
    {
        return persistent;
    }

    /**
     * Whether created values and arrays carry locks.
     *
     * @return true if locked.
     */
    public boolean locked()
    {
        return locked;
    }

    /**
     * The requested stripe count.
     *
     * @return a power of two, or {@link #AUTO_STRIPES}.
     */
    public int stripes()
    {
        return stripes;
    }

    /**
     * How long an opener waits for readiness.
     *
     * @return the open timeout.
     */
    public Duration openTimeout()
    {
        return openTimeout;
    }

    /**
     * How handles wait.
     *
     * @return the wait mode.
     */
    public WaitMode waitMode()
    {
        return waitMode;
    }

    @Override
    public String toString()
    {
        return "ShmOptions{root=" + root + ", persistent=" + persistent + ", locked=" + locked +
            ", stripes=" + stripes + ", openTimeout=" + openTimeout + ", waitMode=" + waitMode + '}';
    }
}
