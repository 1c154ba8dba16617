package io.shmkit.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shmkit.segment.ShmOptions;

/**
 * The settings of a child as a {@link ShmProcessBuilder} collects them (checked there) and {@link ChildLauncher}
 * reads them, with their defaults.
 *
 * <p><b>Note:</b> mutable and not thread-safe, as its builder.
 */
final class ChildSpec
{
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath = System.getProperty("java.class.path", "");
    final List<String> jvmOptions = new ArrayList<>();
    String heap;
    final Map<String, String> environment = new LinkedHashMap<>();
    Path workingDirectory;
    ChildCommandLine.Kind kind;
    String entryClass;
    final List<String> shared = new ArrayList<>();
    final List<String> args = new ArrayList<>();
    boolean daemon = true;
    /** Whether the child's standard input stays a pipe from the parent, for {@link ShmProcess#wake()}. */
    boolean wakeChannel;
    long watchdogMillis = Long.getLong(ShmProcess.WATCHDOG_MILLIS_PROP_NAME, ShmProcess.DEFAULT_WATCHDOG_MILLIS);
    ShmProcess.Output stdout = ShmProcess.Output.INHERIT;
    ShmProcess.Output stderr = ShmProcess.Output.TEE;
    int tailCapacity = ShmProcess.DEFAULT_TAIL_CAPACITY;
    boolean fastStart;
    boolean archive = !"off".equalsIgnoreCase(System.getProperty(ShmProcess.ARCHIVE_PROP_NAME, "auto"));
    Path archiveDirectory = ArchiveDirectory.configured();
    Path root = ShmOptions.defaults().root();
    String name;
    final List<String> archivePreload = new ArrayList<>();

    ChildSpec()
    {
    }

    /**
     * Set the entry.
     *
     * @param k         a task or a main class.
     * @param className its binary name.
     * @throws IllegalArgumentException if the name is empty.
     */
    void entry(final ChildCommandLine.Kind k, final String className)
    {
        if (null == className || className.isBlank())
        {
            throw new IllegalArgumentException("entry class name must not be empty: '" + className + "'");
        }
        this.kind = k;
        this.entryClass = className;
    }

    /**
     * Set how often a daemon child checks that its parent lives.
     *
     * @param interval at least {@link ChildCommandLine#MIN_WATCH_MILLIS} ms.
     * @throws IllegalArgumentException if shorter.
     */
    void watchdog(final Duration interval)
    {
        final long ms = interval.toMillis();
        if (ms < ChildCommandLine.MIN_WATCH_MILLIS)
        {
            throw new IllegalArgumentException("watchdog interval " + interval + " must be at least " +
                ChildCommandLine.MIN_WATCH_MILLIS + " ms");
        }
        this.watchdogMillis = ms;
    }

    /**
     * Set how many of the last bytes of a captured stream are kept.
     *
     * @param bytes at least 1.
     * @throws IllegalArgumentException if not positive.
     */
    void tailCapacity(final int bytes)
    {
        if (bytes < 1)
        {
            throw new IllegalArgumentException("tailCapacity=" + bytes + " must be positive");
        }
        this.tailCapacity = bytes;
    }
}
