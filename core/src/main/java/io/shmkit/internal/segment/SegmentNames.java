package io.shmkit.internal.segment;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.shmkit.segment.ProcessIdentity;

/**
 * Segment name rules, after POSIX {@code shm_open}: a name is one path component, so it has no {@code /};
 * shmkit also keeps names portable and safe to pass through shells and other languages.
 */
public final class SegmentNames
{
    /** Longest name, leaving room under NAME_MAX (255) for the temporary name used during creation. */
    public static final int MAX_LENGTH = 200;
    /** Prefix of generated names. */
    public static final String GENERATED_PREFIX = "shmkit-";
    /** Suffix of the temporary file a creator fills before linking it under its name. */
    public static final String TEMP_SUFFIX = ".creating";

    private static final AtomicLong COUNTER = new AtomicLong();

    private SegmentNames()
    {
    }

    /**
     * Validate a segment name and return it without a leading {@code /}: one leading {@code /} is accepted and
     * dropped, as POSIX {@code shm_open} names and Python's {@code SharedMemory} have one; a {@code /} anywhere
     * else is refused (docs/contracts.md, "Exceptions").
     *
     * @param name the name.
     * @return the name as used for the file.
     * @throws IllegalArgumentException naming the rule broken.
     */
    public static String validate(final String name)
    {
        if (null == name)
        {
            throw new IllegalArgumentException("segment name must not be null");
        }
        final String n = name.startsWith("/") ? name.substring(1) : name;
        if (n.isEmpty())
        {
            throw new IllegalArgumentException("segment name must not be empty");
        }
        if (n.length() > MAX_LENGTH)
        {
            throw new IllegalArgumentException(
                "segment name is " + n.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (n.equals(".") || n.equals(".."))
        {
            throw new IllegalArgumentException("segment name '" + n + "' is not allowed: it names a directory");
        }
        if (n.charAt(0) == '.')
        {
            throw new IllegalArgumentException(
                "segment name '" + n + "' must not start with '.' (reserved for files being created)");
        }
        for (int i = 0; i < n.length(); i++)
        {
            final char c = n.charAt(i);
            if (c == '/')
            {
                throw new IllegalArgumentException(
                    "segment name '" + name + "' must not contain '/' after the first character");
            }
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
            if (!ok)
            {
                throw new IllegalArgumentException(
                    "segment name '" + name + "' has character " + String.format("U+%04X", (int)c) +
                    " at " + i + ": only letters, digits, '.', '_' and '-' are allowed");
            }
        }
        return n;
    }

    /**
     * A fresh name for an anonymous segment, like Python's {@code psm_} names.
     *
     * @return a name unlikely to exist.
     */
    public static String generate()
    {
        return GENERATED_PREFIX + ProcessIdentity.current().pid() + "-" + COUNTER.incrementAndGet() + "-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
    }

    /**
     * The temporary name a creator fills before linking it under {@code name} (docs/layout.md, "Creating a
     * segment"): {@code .<name>.<pid>.<start>.<n>.creating}, where {@code <start>} is the creator's full start
     * time in clock ticks (not its low 32 bits) and {@code <n>} a decimal number that makes the name unique within
     * the process (here a per-process counter). {@link #tempCreator} reads the pid and start time back from the
     * third and second dot-separated fields from the end.
     *
     * @param name a validated segment name.
     * @return the temporary file name.
     */
    public static String tempName(final String name)
    {
        final ProcessIdentity me = ProcessIdentity.current();
        return "." + name + "." + me.pid() + "." + me.startTicks() + "." + COUNTER.incrementAndGet() + TEMP_SUFFIX;
    }

    /**
     * The creator a temporary name of {@link #tempName} records.
     *
     * @param file a file name of the form {@code .<name>.<pid>.<ticks>.<n>.creating}.
     * @return its creator, or {@code null} if the name is not of that form.
     */
    public static ProcessIdentity tempCreator(final String file)
    {
        if (!file.endsWith(TEMP_SUFFIX))
        {
            return null;
        }
        final String[] parts = file.substring(0, file.length() - TEMP_SUFFIX.length()).split("\\.");
        if (parts.length < 4)
        {
            return null;
        }
        try
        {
            return new ProcessIdentity(
                Long.parseLong(parts[parts.length - 3]), Long.parseLong(parts[parts.length - 2]));
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }
}
