package io.shmkit.sync;

/**
 * Byte layout of a BARRIER (kind 9) segment ({@link SharedBarrier}): an ordinary shmkit segment of typecode {@code 'q'}
 * whose header's Stripe Count is 1 (guards every word) and whose Element Count is 8 + MEMBERS. Offsets are byte offsets
 * from the data (Data Offset = 128 + 128 &times; slots); every word is a little-endian {@code i64}, naturally aligned;
 * an identity is a lock word (start ticks:32 | pid:32). {@code docs/layout.md} ("Synchronisation primitives") says the
 * same.
 * <pre>
 *  +----------------------------------------------+
 *  |  PARTIES: parties per generation             |  +0
 *  |  COUNT: arrived in this generation           |  +8
 *  |  GENERATION: +1 per completion or reset      |  +16
 *  |  BROKEN: 1 while broken                      |  +24
 *  |  BROKEN_GEN: last generation broken or reset |  +32
 *  |  MEMBERS: entries in the member table        |  +40
 *  |  ENDS: bit (g mod 64) set if generation g    |  +48
 *  |    ended by reset, clear if it tripped       |
 *  |  reserved                                    |  +56
 *  +----------------------------------------------+
 *  |  member 0: identity of a waiting process     |  +64
 *  |  ...  (0 free)                               |
 *  |  member MEMBERS-1                            |  +64 + 8 (MEMBERS-1)
 *  +----------------------------------------------+
 * </pre>
 *
 * <p><b>Throws:</b> nothing: constants and pure functions only.
 *
 * <p><b>Note:</b> constants and pure functions only; thread-safe.
 */
public final class BarrierDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Slot of the lock guarding every word. */
    public static final int LOCK_SLOT = 0;
    /** Parties. */
    public static final int PARTIES_OFFSET = 0;
    /** Arrived in this generation. */
    public static final int COUNT_OFFSET = PARTIES_OFFSET + Long.BYTES;
    /** Generation. */
    public static final int GENERATION_OFFSET = COUNT_OFFSET + Long.BYTES;
    /** Broken flag. */
    public static final int BROKEN_OFFSET = GENERATION_OFFSET + Long.BYTES;
    /** Last generation broken or reset; -1 at creation. */
    public static final int BROKEN_GEN_OFFSET = BROKEN_OFFSET + Long.BYTES;
    /** Capacity of the member table. */
    public static final int MEMBERS_OFFSET = BROKEN_GEN_OFFSET + Long.BYTES;
    /**
     * How the last {@link #ENDS_KEPT} generations ended: bit {@code g & 63} is set when generation {@code g} ends by
     * a reset and cleared when it trips, before the generation moves on. A waiter of generation {@code g} reads it
     * once the generation has moved, while it is at most {@link #ENDS_KEPT} ahead.
     */
    public static final int ENDS_OFFSET = MEMBERS_OFFSET + Long.BYTES;
    /** Generations whose end {@link #ENDS_OFFSET} keeps. */
    public static final int ENDS_KEPT = Long.SIZE;
    /** First member entry. */
    public static final int TABLE_OFFSET = 64;
    /** Words before the table. */
    public static final int HEADER_WORDS = TABLE_OFFSET / Long.BYTES;
    /** Member entries shmkit creates. */
    public static final int DEFAULT_MEMBERS = 64;

    private BarrierDescriptor()
    {
    }

    /**
     * Offset of member entry {@code i}.
     *
     * @param i entry index.
     * @return its byte offset from the data.
     */
    public static int memberOffset(final int i)
    {
        return TABLE_OFFSET + i * Long.BYTES;
    }
}
