package io.shmkit.segment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The identity of a process on this machine: its pid and its start time in clock ticks since boot
 * (field 22 of {@code /proc/<pid>/stat}), which tells a process apart from a later one that reuses its pid.
 *
 * <p>Lock words store a 64-bit form of the identity ({@code io.shmkit.internal.lock.LockWords}): the pid in the low 32 bits and
 * the low 32 bits of the start time in the high 32 bits. Two processes can only be confused if the same pid
 * is reused by a process started a multiple of 2<sup>32</sup> ticks (about 497 days at 100 Hz) later.
 *
 * <p><b>Throws:</b> NullPointerException ({@link #parse} of null); nothing otherwise: {@link #of} and {@link #parse}
 * return {@code null} for no such process or for text that is not an identity.
 *
 * <p><b>Note:</b> instances are immutable and thread-safe. {@link #isAlive()} reads {@code /proc} each time.
 *
 * @param pid        the process id, positive.
 * @param startTicks start time of the process in clock ticks since boot.
 */
public record ProcessIdentity(long pid, long startTicks)
{
    private static final Path PROC = Path.of("/proc");
    /** What {@link #readStat} returns when {@code /proc} cannot tell (not a missing process). */
    private static final Stat UNKNOWN = new Stat('?', -1);
    private static final ProcessIdentity CURRENT = readCurrent();

    /**
     * The identity of this JVM's process.
     *
     * @return the current process's identity.
     */
    public static ProcessIdentity current()
    {
        return CURRENT;
    }

    /**
     * The identity of a running process, read from {@code /proc}.
     *
     * @param pid the process id.
     * @return its identity, or {@code null} if no such process exists, it is a zombie, or {@code /proc} cannot
     *         be read.
     */
    public static ProcessIdentity of(final long pid)
    {
        final Stat stat = readStat(pid);
        return null == stat || stat.dead() || stat == UNKNOWN ? null : new ProcessIdentity(pid, stat.startTicks());
    }

    /**
     * Parse the text form {@code PID:START_TICKS} written by {@link #toText()}.
     *
     * @param text the text.
     * @return the identity, or {@code null} if the text is not one (not two decimal numbers, each as
     *         {@link Long#parseLong} reads it, around a colon; a pid below 1; negative ticks).
     * @throws NullPointerException if {@code text} is null.
     */
    public static ProcessIdentity parse(final String text)
    {
        final int colon = text.indexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        try
        {
            final long pid = Long.parseLong(text.substring(0, colon));
            final long ticks = Long.parseLong(text.substring(colon + 1));
            return pid > 0 && ticks >= 0 ? new ProcessIdentity(pid, ticks) : null;
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    /**
     * The text form {@code PID:START_TICKS}, which {@link #parse} reads back: how a parent names itself to its
     * children on their command line, and how a training marker names its owner.
     *
     * @return the text.
     */
    public String toText()
    {
        return pid + ":" + startTicks;
    }

    /**
     * Whether this process is still running: {@code /proc/<pid>/stat} exists, the process is not a zombie,
     * and its start time matches (so a reused pid does not count). If {@code /proc} cannot be read for another
     * reason than the process being gone, the answer is true: a live process is never declared dead.
     *
     * @return true if the process is alive.
     */
    public boolean isAlive()
    {
        return isAlive(pid, startTicks, false);
    }

    /**
     * Whether the process {@code pid} is alive and started at {@code startTicks}, comparing only the low 32 bits
     * of the start time when {@code low32} is set (lock words record only those). A process whose
     * {@code /proc/<pid>/stat} exists but cannot be read (permissions, no descriptors left) counts as alive.
     *
     * @param pid        the process id.
     * @param startTicks its start time in clock ticks since boot, or the low 32 bits of it.
     * @param low32      whether {@code startTicks} holds only the low 32 bits.
     * @return true if such a process exists and is not a zombie.
     */
    public static boolean isAlive(final long pid, final long startTicks, final boolean low32)
    {
        if (pid <= 0)
        {
            return false;
        }
        final Stat stat = readStat(pid);
        if (null == stat || stat.dead())
        {
            return false;
        }
        if (stat == UNKNOWN)
        {
            return true;
        }
        final long ticks = low32 ? stat.startTicks() & 0xFFFF_FFFFL : stat.startTicks();
        return ticks == startTicks;
    }

    record Stat(char state, long startTicks)
    {
        boolean dead()
        {
            return state == 'Z' || state == 'X' || state == 'x';
        }
    }

    /**
     * Read {@code /proc/<pid>/stat}: null if the process does not exist (no such entry, or ESRCH while it
     * exits), {@link #UNKNOWN} if the file cannot be read for another reason (out of file descriptors, say).
     * Callers treat UNKNOWN as alive: wrongly calling a live process dead would let a waiter steal its lock.
     */
    private static Stat readStat(final long pid)
    {
        final String text;
        try
        {
            text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            final String m = ex.getMessage();
            return null != m && m.contains("No such process") ? null : UNKNOWN;
        }
        final Stat stat = parseStat(text);
        return null == stat ? UNKNOWN : stat;
    }

    /**
     * Parse a {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may itself
     * contain spaces and parentheses, so fields are counted from the last {@code ')'}.
     */
    static Stat parseStat(final String text)
    {
        final int close = text.lastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        final String[] fields = text.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        if (fields.length < 20 || fields[0].isEmpty())
        {
            return null;
        }
        try
        {
            return new Stat(fields[0].charAt(0), Long.parseLong(fields[19]));
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    private static ProcessIdentity readCurrent()
    {
        final long pid = ProcessHandle.current().pid();
        final Stat stat = readStat(pid);
        if (null == stat || stat == UNKNOWN)
        {
            throw new IllegalStateException(
                "cannot read /proc/" + pid + "/stat: shmkit needs Linux /proc to identify processes");
        }
        return new ProcessIdentity(pid, stat.startTicks());
    }
}
