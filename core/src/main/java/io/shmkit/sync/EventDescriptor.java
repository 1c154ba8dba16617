package io.shmkit.sync;

/**
 * Byte layout of a EVENT (kind 7) segment ({@link SharedEvent}): an ordinary shmkit segment of typecode {@code 'q'}
 * whose header's Stripe Count is 0 (no lock: every change is one atomic instruction) and whose Element Count is {@link
 * #WORDS}. Offsets are byte offsets from the data (Data Offset = 128 + 128 &times; slots); every word is a
 * little-endian {@code i64}, naturally aligned; an identity is a lock word (start ticks:32 | pid:32). {@code
 * docs/layout.md} ("Synchronisation primitives") says the same.
 * <pre>
 *  +----------------------------------------------+
 *  |  STATE: bit 0 the flag (1 set, 0 clear),     |  +0
 *  |  bits 1-63 the count of raising set() calls  |
 *  |  reserved (zero)                             |  +8
 *  |  WAITERS: threads waiting (atomic add)       |  +16
 *  |  reserved                                    |  +24 .. +64
 *  +----------------------------------------------+
 * </pre>
 *
 * <p><b>Throws:</b> nothing: constants only.
 *
 * <p><b>Note:</b> constants only; thread-safe.
 */
public final class EventDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /**
     * The state: the flag in bit 0 and the count of {@code set()} calls that raised it above it, in ONE word, so
     * that a set (count + 1, flag up) and a clear (flag down, count kept) are each one compare-and-set and a waiter
     * reads both at once.
     */
    public static final int STATE_OFFSET = 0;
    /** The flag's bit in the state. */
    public static final long FLAG = 1L;
    /** A reserved word, zero. */
    public static final int RESERVED_OFFSET = STATE_OFFSET + Long.BYTES;
    /** Waiting threads. */
    public static final int WAITERS_OFFSET = RESERVED_OFFSET + Long.BYTES;
    /** State words. */
    public static final int WORDS = 8;

    private EventDescriptor()
    {
    }
}
