package io.shmkit.sync;

import io.shmkit.internal.segment.SegmentDescriptor;

/**
 * The layouts of the synchronisation primitives' segments. Each is an ordinary shmkit segment
 * ({@link SegmentDescriptor}) of typecode {@code 'q'}: the header's Stripe Count is the number of lock slots (each a
 * robust lock of {@code docs/spec/locks.md}), its Element Count the number of 64-bit state words after them. Offsets
 * below are byte offsets from the data (Data Offset = 128 + 128 &times; slots). Every word is a little-endian
 * {@code i64}, naturally aligned; identities are lock words (start ticks:32 | pid:32).
 * <pre>
 * LOCK (kind 4)       1 slot (the lock), 0 words
 *
 * RLOCK (kind 5)      1 slot (the lock), 8 words
 *   +0  HOLD_COUNT    holds of the owning thread (written by the owner, informational)
 *   +8  OWNER_THREAD  the owning thread's id within its process (informational)
 *
 * SEMAPHORE (kind 6)  1 slot (guards every word), 8 + 2 x HOLDERS words
 *   +0  VALUE         permits available
 *   +8  BOUND         most permits (BoundedSemaphore), -1 unbounded
 *   +16 SEQUENCE      incremented by every release and reclaim: waiters watch it
 *   +24 WAITERS       threads waiting (atomic add; a killed waiter stays counted)
 *   +32 RECLAIMED     permits given back from dead holders, in all
 *   +40 UNTRACKED     permits held by processes the holder table had no room for
 *   +48 HOLDERS       capacity of the holder table
 *   +56 (reserved)
 *   +64 holder table: HOLDERS entries of { identity, permits held }, 16 bytes each; free when permits is 0
 *
 * EVENT (kind 7)      0 slots, 8 words
 *   +0  FLAG          1 set, 0 clear
 *   +8  SEQUENCE      incremented by every set() that found the flag clear: waiters watch it
 *   +16 WAITERS       threads waiting (atomic add; a killed waiter stays counted)
 *
 * CONDITION (kind 8)  1 slot (the condition's lock), 8 words
 *   +0  SEQUENCE      incremented by signal() and signalAll(): waiters watch it
 *   +8  WAITERS       threads in await (changed under the lock; a killed waiter stays counted)
 *
 * BARRIER (kind 9)    1 slot (guards every word), 8 + MEMBERS words
 *   +0  PARTIES       parties per generation
 *   +8  COUNT         parties arrived in this generation
 *   +16 GENERATION    incremented when a generation completes, breaks or is reset
 *   +24 BROKEN        1 while broken (until reset)
 *   +32 BROKEN_GEN    the last generation that broke (waiters of it throw)
 *   +40 MEMBERS       capacity of the member table
 *   +48 (reserved)
 *   +64 member table: MEMBERS identities of processes that have waited on it and not closed it (0 free)
 * </pre>
 * A process that dies inside a state update under the slot lock leaves the update half done; the next locker is
 * told (owner died). The updates are ordered so that a half-done one loses at most a permit, never adds one.
 */
public final class SyncDescriptor
{
    /** Slot of the primitive's lock. */
    public static final int LOCK_SLOT = 0;

    /** RLOCK: hold count. */
    public static final int RLOCK_HOLD_COUNT_OFFSET = 0;
    /** RLOCK: owning thread's id. */
    public static final int RLOCK_OWNER_THREAD_OFFSET = RLOCK_HOLD_COUNT_OFFSET + Long.BYTES;
    /** RLOCK: state words. */
    public static final int RLOCK_WORDS = 8;

    /** SEMAPHORE: permits available. */
    public static final int SEM_VALUE_OFFSET = 0;
    /** SEMAPHORE: bound, -1 for none. */
    public static final int SEM_BOUND_OFFSET = SEM_VALUE_OFFSET + Long.BYTES;
    /** SEMAPHORE: release sequence. */
    public static final int SEM_SEQUENCE_OFFSET = SEM_BOUND_OFFSET + Long.BYTES;
    /** SEMAPHORE: waiting threads. */
    public static final int SEM_WAITERS_OFFSET = SEM_SEQUENCE_OFFSET + Long.BYTES;
    /** SEMAPHORE: permits reclaimed from dead holders. */
    public static final int SEM_RECLAIMED_OFFSET = SEM_WAITERS_OFFSET + Long.BYTES;
    /** SEMAPHORE: permits held beyond the holder table. */
    public static final int SEM_UNTRACKED_OFFSET = SEM_RECLAIMED_OFFSET + Long.BYTES;
    /** SEMAPHORE: capacity of the holder table. */
    public static final int SEM_HOLDERS_OFFSET = SEM_UNTRACKED_OFFSET + Long.BYTES;
    /** SEMAPHORE: first holder entry. */
    public static final int SEM_TABLE_OFFSET = 64;
    /** SEMAPHORE: length of a holder entry (identity, permits). */
    public static final int SEM_ENTRY_LENGTH = 2 * Long.BYTES;
    /** SEMAPHORE: holder entries shmkit creates. */
    public static final int SEM_DEFAULT_HOLDERS = 64;

    /** EVENT: the flag. */
    public static final int EVENT_FLAG_OFFSET = 0;
    /** EVENT: set sequence. */
    public static final int EVENT_SEQUENCE_OFFSET = EVENT_FLAG_OFFSET + Long.BYTES;
    /** EVENT: waiting threads. */
    public static final int EVENT_WAITERS_OFFSET = EVENT_SEQUENCE_OFFSET + Long.BYTES;
    /** EVENT: state words. */
    public static final int EVENT_WORDS = 8;

    /** CONDITION: signal sequence. */
    public static final int COND_SEQUENCE_OFFSET = 0;
    /** CONDITION: waiting threads. */
    public static final int COND_WAITERS_OFFSET = COND_SEQUENCE_OFFSET + Long.BYTES;
    /** CONDITION: state words. */
    public static final int COND_WORDS = 8;

    /** BARRIER: parties. */
    public static final int BAR_PARTIES_OFFSET = 0;
    /** BARRIER: arrived in this generation. */
    public static final int BAR_COUNT_OFFSET = BAR_PARTIES_OFFSET + Long.BYTES;
    /** BARRIER: generation. */
    public static final int BAR_GENERATION_OFFSET = BAR_COUNT_OFFSET + Long.BYTES;
    /** BARRIER: broken flag. */
    public static final int BAR_BROKEN_OFFSET = BAR_GENERATION_OFFSET + Long.BYTES;
    /** BARRIER: last broken generation. */
    public static final int BAR_BROKEN_GEN_OFFSET = BAR_BROKEN_OFFSET + Long.BYTES;
    /** BARRIER: capacity of the member table. */
    public static final int BAR_MEMBERS_OFFSET = BAR_BROKEN_GEN_OFFSET + Long.BYTES;
    /** BARRIER: first member entry. */
    public static final int BAR_TABLE_OFFSET = 64;
    /** BARRIER: member entries shmkit creates. */
    public static final int BAR_DEFAULT_MEMBERS = 64;

    /** Words before a table (SEMAPHORE, BARRIER). */
    public static final int TABLE_HEADER_WORDS = SEM_TABLE_OFFSET / Long.BYTES;

    private SyncDescriptor()
    {
    }

    /**
     * Offset of semaphore holder entry {@code i}.
     *
     * @param i entry index.
     * @return its byte offset from the data (identity; permits at +8).
     */
    public static int semEntryOffset(final int i)
    {
        return SEM_TABLE_OFFSET + i * SEM_ENTRY_LENGTH;
    }

    /**
     * Offset of barrier member entry {@code i}.
     *
     * @param i entry index.
     * @return its byte offset from the data.
     */
    public static int barMemberOffset(final int i)
    {
        return BAR_TABLE_OFFSET + i * Long.BYTES;
    }
}
