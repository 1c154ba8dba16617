package io.shmkit.sync;

/**
 * Byte layout of a EVENT (kind 7) segment ({@link SharedEvent}): an ordinary shmkit segment of typecode {@code 'q'}
 * whose header's Stripe Count is 0 (no lock: every change is one atomic instruction) and whose Element Count is {@link
 * #WORDS}. Offsets are byte offsets from the data (Data Offset = 128 + 128 &times; slots); every word is a
 * little-endian {@code i64}, naturally aligned; an identity is a lock word (start ticks:32 | pid:32). {@code
 * docs/layout.md} ("Synchronisation primitives") says the same.
 * <pre>
 *  +----------------------------------------------+
 *  |  FLAG: 1 set, 0 clear                        |  +0
 *  |  SEQUENCE: +1 per set() that found it clear  |  +8
 *  |  WAITERS: threads waiting (atomic add)       |  +16
 *  |  reserved                                    |  +24 .. +64
 *  +----------------------------------------------+
 * </pre>
 */
public final class EventDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** The flag. */
    public static final int FLAG_OFFSET = 0;
    /** Set sequence. */
    public static final int SEQUENCE_OFFSET = FLAG_OFFSET + Long.BYTES;
    /** Waiting threads. */
    public static final int WAITERS_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** State words. */
    public static final int WORDS = 8;

    private EventDescriptor()
    {
    }
}
