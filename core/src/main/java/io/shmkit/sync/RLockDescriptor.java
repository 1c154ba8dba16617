package io.shmkit.sync;

/**
 * Byte layout of a RLOCK (kind 5) segment ({@link SharedRLock}): an ordinary shmkit segment of typecode {@code 'q'}
 * whose header's Stripe Count is 1 and whose Element Count is {@link #WORDS}. Offsets are byte offsets from the data
 * (Data Offset = 128 + 128 &times; slots); every word is a little-endian {@code i64}, naturally aligned; an identity is
 * a lock word (start ticks:32 | pid:32). {@code docs/layout.md} ("Synchronisation primitives") says the same.
 * <pre>
 *  +----------------------------------------------+
 *  |  HOLD_COUNT: holds of the owning thread      |  +0
 *  |  (written by the owner, informational)       |
 *  +----------------------------------------------+
 *  |  OWNER_THREAD: the owner's thread id         |  +8
 *  +----------------------------------------------+
 *  |  reserved                                    |  +16 .. +64
 * </pre>
 *
 * <p><b>Throws:</b> nothing: constants only.
 *
 * <p><b>Note:</b> constants only; thread-safe.
 */
public final class RLockDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Slot of the lock. */
    public static final int LOCK_SLOT = 0;
    /** Hold count. */
    public static final int HOLD_COUNT_OFFSET = 0;
    /** Owning thread's id. */
    public static final int OWNER_THREAD_OFFSET = HOLD_COUNT_OFFSET + Long.BYTES;
    /** State words. */
    public static final int WORDS = 8;

    private RLockDescriptor()
    {
    }
}
