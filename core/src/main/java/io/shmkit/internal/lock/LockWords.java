package io.shmkit.internal.lock;

import io.shmkit.segment.ProcessIdentity;

/**
 * The encoding of a lock word: the 64-bit value that names the process holding a robust lock
 * ({@code docs/spec/locks.md}, "Lock word"). Bits 0-31 hold the owner's pid, bits 32-63 the low 32 bits of its
 * start time in clock ticks since boot; 0 means free. A word is never 0 for a live owner, since pids are positive.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
public final class LockWords
{
    private static final long PID_MASK = 0xFFFF_FFFFL;
    private static final long ME = encode(ProcessIdentity.current());

    private LockWords()
    {
    }

    /**
     * The lock word of {@code identity}.
     *
     * @param identity a process.
     * @return its lock word, never 0.
     */
    public static long encode(final ProcessIdentity identity)
    {
        return (identity.startTicks() << 32) | (identity.pid() & PID_MASK);
    }

    /**
     * The lock word of the calling process.
     *
     * @return this process's lock word.
     */
    public static long current()
    {
        return ME;
    }

    /**
     * Decode a lock word.
     *
     * @param word a non-zero lock word.
     * @return the identity it names, with only the low 32 bits of the start time.
     */
    public static ProcessIdentity decode(final long word)
    {
        return new ProcessIdentity(word & PID_MASK, word >>> 32);
    }

    /**
     * Whether the process a lock word names still runs, comparing only the low 32 bits of its start time. A word
     * with pid 0 (corrupted) is reported dead; an owner whose {@code /proc} entry exists but cannot be read counts
     * as alive.
     *
     * @param word the lock word.
     * @return true if the owner is alive.
     */
    public static boolean isOwnerAlive(final long word)
    {
        if (word == ME)
        {
            return true;
        }
        final long pid = word & PID_MASK;
        if (pid == (ME & PID_MASK))
        {
            return false; // our pid with another start time: a previous process of that pid, now gone
        }
        return pid != 0 && ProcessIdentity.isAlive(pid, word >>> 32, true);
    }

    /**
     * A phrase for messages: who holds a lock word, and whether that process is alive.
     *
     * @param w a lock word.
     * @return e.g. {@code " (held by pid 12, alive)"}.
     */
    public static String describeOwner(final long w)
    {
        if (w == 0L)
        {
            return " (it is free)";
        }
        final ProcessIdentity owner = LockWords.decode(w);
        return " (held by pid " + owner.pid() + (LockWords.isOwnerAlive(w) ? ", alive)" : ", dead)");
    }
}
