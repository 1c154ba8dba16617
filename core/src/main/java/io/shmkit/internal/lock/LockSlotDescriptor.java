package io.shmkit.internal.lock;

import io.shmkit.internal.segment.SegmentDescriptor;

/**
 * Byte layout of one robust lock slot (128 bytes, {@link SegmentDescriptor#LOCK_SLOT_LENGTH}), as
 * {@code docs/layout.md} ("Lock slots") and {@code docs/spec/locks.md} describe it. Offsets are from the start of
 * the slot. The first 32 bytes share one cache line, so a process that has just acquired the lock reads the
 * hand-off fields from a line it already owns.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  Lock Word (u64): 0 free, else owner (start ticks:32 | pid:32)|   0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Recovery Count (u64): take-overs from dead owners            |   8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Hand-off Token (u64): 0 none, else a starving waiter's token |  16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Hand-off Deadline (u64): epoch ms until which it stands      |  24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Reserved (96 bytes, zero)                    |  32
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 * </pre>
 * A slot of zeros is a free lock with no hand-off; segments written before the hand-off fields existed read as
 * such, so the fields need no new layout version.
 */
public final class LockSlotDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Offset of the lock word. */
    public static final int LOCK_WORD_OFFSET = SegmentDescriptor.LOCK_WORD_OFFSET;
    /** Offset of the recovery count. */
    public static final int RECOVERIES_OFFSET = SegmentDescriptor.LOCK_RECOVERIES_OFFSET;
    /** Offset of the hand-off token: which starving waiter the others let go first. */
    public static final int HANDOFF_TOKEN_OFFSET = RECOVERIES_OFFSET + Long.BYTES;
    /** Offset of the hand-off deadline, in epoch milliseconds. */
    public static final int HANDOFF_DEADLINE_OFFSET = HANDOFF_TOKEN_OFFSET + Long.BYTES;
    /** End of the used part of the slot. */
    public static final int USED_LENGTH = HANDOFF_DEADLINE_OFFSET + Long.BYTES;
    /** Length of a slot. */
    public static final int SLOT_LENGTH = SegmentDescriptor.LOCK_SLOT_LENGTH;

    private LockSlotDescriptor()
    {
    }
}
