package io.shmkit.sync;

/**
 * Byte layout of a SEMAPHORE (kind 6) segment ({@link SharedSemaphore}): an ordinary shmkit segment of typecode
 * 'q' whose header's Stripe Count is 1 (guards every word) and whose Element Count is 8 + 2 &times; HOLDERS. Offsets
 * are byte offsets from the data (Data Offset = 128 + 128 &times; slots); every word is a little-endian {@code i64},
 * naturally aligned; an identity is a lock word (start ticks:32 | pid:32). {@code docs/layout.md} ("Synchronisation
 * primitives") says the same.
 * <pre>
 *  +----------------------------------------------+
 *  |  VALUE: permits available                    |  +0
 *  |  BOUND: most permits, -1 unbounded           |  +8
 *  |  SEQUENCE: +1 per release and reclaim        |  +16
 *  |  WAITERS: threads waiting (atomic add)       |  +24
 *  |  RECLAIMED: permits given back from the dead |  +32
 *  |  UNTRACKED: permits held beyond the table    |  +40
 *  |  HOLDERS: entries in the holder table        |  +48
 *  |  UNOWNED: released by non-holders, unmatched |  +56
 *  +----------------------------------------------+
 *  |  holder 0: identity, permits held            |  +64
 *  |  ...  (free when permits held is 0)          |
 *  |  holder HOLDERS-1                            |  +64 + 16 (HOLDERS-1)
 *  +----------------------------------------------+
 * </pre>
 *
 * <p><b>Throws:</b> nothing: constants and pure functions only.
 *
 * <p><b>Note:</b> constants and pure functions only; thread-safe.
 */
public final class SemaphoreDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Slot of the lock guarding every word. */
    public static final int LOCK_SLOT = 0;
    /** Permits available. */
    public static final int VALUE_OFFSET = 0;
    /** Bound, -1 for none. */
    public static final int BOUND_OFFSET = VALUE_OFFSET + Long.BYTES;
    /** Release sequence. */
    public static final int SEQUENCE_OFFSET = BOUND_OFFSET + Long.BYTES;
    /** Waiting threads. */
    public static final int WAITERS_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** Permits reclaimed from dead holders. */
    public static final int RECLAIMED_OFFSET = WAITERS_OFFSET + Long.BYTES;
    /** Permits held beyond the holder table. */
    public static final int UNTRACKED_OFFSET = RECLAIMED_OFFSET + Long.BYTES;
    /** Capacity of the holder table. */
    public static final int HOLDERS_OFFSET = UNTRACKED_OFFSET + Long.BYTES;
    /**
     * Permits released by processes that held none (a release on another's behalf), not yet matched against a dead
     * holder's entry: a reclaim gives back only what a dead holder's entry holds beyond this count.
     */
    public static final int UNOWNED_OFFSET = HOLDERS_OFFSET + Long.BYTES;
    /** First holder entry. */
    public static final int TABLE_OFFSET = 64;
    /** Words before the table. */
    public static final int HEADER_WORDS = TABLE_OFFSET / Long.BYTES;
    /** Length of a holder entry (identity, permits). */
    public static final int ENTRY_LENGTH = 2 * Long.BYTES;
    /** Holder entries shmkit creates. */
    public static final int DEFAULT_HOLDERS = 64;

    private SemaphoreDescriptor()
    {
    }

    /**
     * Offset of holder entry {@code i}.
     *
     * @param i entry index.
     * @return its byte offset from the data (identity; permits at +8).
     */
    public static int entryOffset(final int i)
    {
        return TABLE_OFFSET + i * ENTRY_LENGTH;
    }
}
