package io.shmkit.internal.segment;

/**
 * Byte layout of a shmkit segment: a fixed 128-byte header, a table of lock slots, then the data.
 * This class is the source of truth for the layout in code; {@code docs/layout.md} is the same in prose,
 * for other languages that attach to the same files.
 *
 * <p>All multi-byte fields are little-endian (the native order of x86-64). Offsets are from the start of
 * the file.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Magic "SHMKIT\0\1" (8 bytes)                    |    0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Layout Version                           |    8
 *  +---------------------------------------------------------------+
 *  |          State (0 initialising, 1 ready; written last)        |   12
 *  +---------------------------------------------------------------+
 *  |                 Kind (1 value, 2 array)                       |   16
 *  +---------------------------------------------------------------+
 *  |          Typecode (ASCII, e.g. 0x64 'd'; 0 for none)          |   20
 *  +---------------------------------------------------------------+
 *  |                  Element Size (bytes)                         |   24
 *  +---------------------------------------------------------------+
 *  |        Stripe Count (power of two; 0 = no locks)              |   28
 *  +---------------------------------------------------------------+
 *  |                     Element Count                             |   32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Data Offset (= 128 + 128 * stripe count)               |   40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     Stripe Shift (element i is in stripe i &gt;&gt; shift)         |   48
 *  +---------------------------------------------------------------+
 *  |                Flags (bit 0: persistent)                      |   52
 *  +---------------------------------------------------------------+
 *  |                      Creator PID                              |   56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     Creator Start Time (clock ticks since boot, /proc stat)   |   64
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Creation Time (epoch milliseconds)               |   72
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Reserved (48 bytes, zero)                    |   80
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 *  |  Lock slot 0 (128 bytes): lock word (8) at +0,                |  128
 *  |  recovery count (8) at +8, reserved to +128                   |
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 *  |  Lock slot S-1                                                |
 *  +---------------------------------------------------------------+
 *  |  Data: Element Count x Element Size bytes                     |  Data Offset
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The file is exactly {@code Data Offset + Element Count * Element Size} bytes long.
 *
 * <p>A lock word is 0 when free, else the owner's {@link io.shmkit.internal.lock.LockWords#encode}. Each lock slot is
 * 128 bytes, so two lock words never share a cache line or an adjacent-line prefetch pair, and the data
 * starts 128-byte aligned.
 *
 * <p>The creator writes every field, then writes {@link #STATE_OFFSET} = {@link #STATE_READY} with release
 * semantics (shmkit's creator does so under a temporary name and links the segment's name only then). An opener
 * reads the state first, by a read of its own, then the rest of the header, and trusts no other field before
 * it has seen {@link #STATE_READY}.
 */
public final class SegmentDescriptor
{
    /** The magic bytes {@code "SHMKIT"} followed by {@code 0x00 0x01}, read as a little-endian long. */
    public static final long MAGIC = 0x0100_5449_4B4D_4853L;
    /** Current layout version. */
    public static final int LAYOUT_VERSION = 1;
    /** Value of the state word while the creator is still writing the header. */
    public static final int STATE_INITIALISING = 0;
    /** Value of the state word once the segment may be used. */
    public static final int STATE_READY = 1;
    /** Flag bit: the segment is not removed when its creator exits. */
    public static final int FLAG_PERSISTENT = 1;

    // DELIBERATE REPEATS: each offset is the previous one plus that field's width, the cumulative style of Agrona's
    // RingBufferDescriptor, so the constants look alike.

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Long.BYTES;
    /** Offset of the ready word. */
    public static final int STATE_OFFSET = VERSION_OFFSET + Integer.BYTES;
    /** Offset of the kind. */
    public static final int KIND_OFFSET = STATE_OFFSET + Integer.BYTES;
    /** Offset of the typecode. */
    public static final int TYPECODE_OFFSET = KIND_OFFSET + Integer.BYTES;
    /** Offset of the element size. */
    public static final int ELEMENT_SIZE_OFFSET = TYPECODE_OFFSET + Integer.BYTES;
    /** Offset of the stripe count. */
    public static final int STRIPE_COUNT_OFFSET = ELEMENT_SIZE_OFFSET + Integer.BYTES;
    /** Offset of the element count. */
    public static final int ELEMENT_COUNT_OFFSET = STRIPE_COUNT_OFFSET + Integer.BYTES;
    /** Offset of the data offset. */
    public static final int DATA_OFFSET_OFFSET = ELEMENT_COUNT_OFFSET + Long.BYTES;
    /** Offset of the stripe shift. */
    public static final int STRIPE_SHIFT_OFFSET = DATA_OFFSET_OFFSET + Long.BYTES;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET = STRIPE_SHIFT_OFFSET + Integer.BYTES;
    /** Offset of the creator's pid. */
    public static final int CREATOR_PID_OFFSET = FLAGS_OFFSET + Integer.BYTES;
    /** Offset of the creator's start time in clock ticks. */
    public static final int CREATOR_START_OFFSET = CREATOR_PID_OFFSET + Long.BYTES;
    /** Offset of the creation time in epoch milliseconds. */
    public static final int CREATED_MILLIS_OFFSET = CREATOR_START_OFFSET + Long.BYTES;
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 128;

    /** Length of one lock slot: two cache lines. */
    public static final int LOCK_SLOT_LENGTH = 128;
    /** Offset of the lock word within a lock slot. */
    public static final int LOCK_WORD_OFFSET = 0;
    /** Offset of the recovery counter (times the lock was taken from a dead owner) within a lock slot. */
    public static final int LOCK_RECOVERIES_OFFSET = LOCK_WORD_OFFSET + Long.BYTES;
    /** Alignment of the data. */
    public static final int DATA_ALIGNMENT = 128;
    /** The largest stripe shift a header may record (docs/layout.md, "Stripe Shift"). */
    public static final int MAX_STRIPE_SHIFT = 62;
    /** The largest stripe count a segment may have. */
    public static final int MAX_STRIPES = io.shmkit.segment.ShmOptions.MAX_STRIPES;

    private SegmentDescriptor()
    {
    }

    /**
     * Offset of lock slot {@code stripe}.
     *
     * @param stripe the stripe index.
     * @return the file offset of its lock word.
     */
    public static long lockSlotOffset(final int stripe)
    {
        return HEADER_LENGTH + (long)stripe * LOCK_SLOT_LENGTH;
    }

    /**
     * Offset of the data for a segment with {@code stripeCount} lock slots.
     *
     * @param stripeCount number of lock slots.
     * @return the data offset, a multiple of {@link #DATA_ALIGNMENT}.
     */
    public static long dataOffset(final int stripeCount)
    {
        return HEADER_LENGTH + (long)stripeCount * LOCK_SLOT_LENGTH;
    }

    /**
     * Total length of a segment file.
     *
     * @param stripeCount  number of lock slots.
     * @param elementCount number of elements.
     * @param elementSize  bytes per element.
     * @return the file length in bytes.
     * @throws ArithmeticException if it overflows a long.
     */
    public static long fileLength(final int stripeCount, final long elementCount, final int elementSize)
    {
        return Math.addExact(dataOffset(stripeCount), Math.multiplyExact(elementCount, (long)elementSize));
    }
}
