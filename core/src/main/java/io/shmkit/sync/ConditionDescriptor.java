package io.shmkit.sync;

/**
 * Byte layout of a CONDITION (kind 8) segment ({@link SharedCondition}): an ordinary shmkit segment of typecode
 * 'q' whose header's Stripe Count is 1 (the condition's lock) and whose Element Count is {@link #WORDS}. Offsets are
 * byte offsets from the data (Data Offset = 128 + 128 &times; slots); every word is a little-endian {@code i64},
 * naturally aligned; an identity is a lock word (start ticks:32 | pid:32). {@code docs/layout.md} ("Synchronisation
 * primitives") says the same.
 * <pre>
 *  +----------------------------------------------+
 *  |  SEQUENCE: +1 per signal with waiters        |  +0
 *  |  WAITERS: threads in await                   |  +8
 *  |  reserved                                    |  +16 .. +64
 *  +----------------------------------------------+
 * </pre>
 *
 * <p><b>Throws:</b> nothing: constants only.
 *
 * <p><b>Note:</b> constants only; thread-safe.
 */
public final class ConditionDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Slot of the condition's lock. */
    public static final int LOCK_SLOT = 0;
    /** Signal sequence. */
    public static final int SEQUENCE_OFFSET = 0;
    /** Waiting threads. */
    public static final int WAITERS_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** State words. */
    public static final int WORDS = 8;

    private ConditionDescriptor()
    {
    }
}
