package io.shmkit.sync;

/**
 * Byte layout of a LOCK (kind 4) segment ({@link SharedLock}): an ordinary shmkit segment of typecode {@code 'q'} whose
 * header's Stripe Count is 1 and whose Element Count is 0. Offsets are byte offsets from the data (Data Offset = 128 +
 * 128 &times; slots); every word is a little-endian {@code i64}, naturally aligned; an identity is a lock word (start
 * ticks:32 | pid:32). {@code docs/layout.md} ("Synchronisation primitives") says the same.
 * <pre>
 *  +----------------------------------------------+
 *  |  Lock slot 0 (128 bytes): the lock           |  128
 *  +----------------------------------------------+
 *     (no state words)                              256 = Data Offset
 * </pre>
 *
 * <p><b>Throws:</b> nothing: constants only.
 *
 * <p><b>Note:</b> constants only; thread-safe.
 */
public final class LockDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Slot of the lock. */
    public static final int LOCK_SLOT = 0;
    /** State words. */
    public static final int WORDS = 0;

    private LockDescriptor()
    {
    }
}
