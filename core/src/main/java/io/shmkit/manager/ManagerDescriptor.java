package io.shmkit.manager;

/**
 * Byte layout of a manager's directory: the data of a segment of kind {@code MANAGER} (12), typecode {@code 'B'},
 * no lock slots, named as the manager. Offsets are from the start of the region; little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  State (1 open, 2 closed by its owner; release store)         |    0
 *  +---------------------------------------------------------------+
 *  |  Capacity (entries, N)                                        |    4
 *  +---------------------------------------------------------------+
 *  |  Count (published entries; the publish word, release store)   |    8
 *  +---------------------------------------------------------------+
 *  |  Format (= 1)                                                 |   12
 *  +---------------------------------------------------------------+
 *  |  Reserved to 64                                               |   16
 *  +---------------------------------------------------------------+
 *  |  Entry 0 (128 bytes)                                          |   64
 *  ...                                                           ...
 *  |  Entry N-1                                                    |   64 + 128 * (N-1)
 *  +---------------------------------------------------------------+
 *
 *  Entry:
 *  +---------------------------------------------------------------+
 *  |  Kind (the owned segment's kind id)                           |   +0
 *  +---------------------------------------------------------------+
 *  |  Key Length (1 to 64)                                         |   +4
 *  +---------------------------------------------------------------+
 *  |  Key (ASCII [A-Za-z0-9_-], 64 bytes)                          |   +8
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 *  |  Reserved to 128                                              |  +72
 *  +---------------------------------------------------------------+
 * </pre>
 * The object of key {@code k} is the segment named {@code <manager name>.<k>}. Only the owner writes: it creates
 * the object's segment, then writes the entry, then publishes it by storing Count + 1 with release semantics.
 * Entries are never changed after; an attacher reads Count with acquire semantics and trusts entries below it.
 */
final class ManagerDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    static final int FORMAT = 1;
    static final int STATE_OPEN = 1;
    static final int STATE_CLOSED = 2;
    static final int STATE_OFFSET = 0;
    static final int CAPACITY_OFFSET = STATE_OFFSET + Integer.BYTES;
    static final int COUNT_OFFSET = CAPACITY_OFFSET + Integer.BYTES;
    static final int FORMAT_OFFSET = COUNT_OFFSET + Integer.BYTES;
    static final int HEADER_LENGTH = 64;
    static final int ENTRY_LENGTH = 128;
    static final int KIND_OFFSET = 0;
    static final int KEY_LENGTH_OFFSET = KIND_OFFSET + Integer.BYTES;
    static final int KEY_OFFSET = KEY_LENGTH_OFFSET + Integer.BYTES;
    static final int MAX_KEY_LENGTH = 64;
    /** Entries of a directory. */
    static final int DEFAULT_CAPACITY = 256;

    private ManagerDescriptor()
    {
    }

    static int entryOffset(final int index)
    {
        return HEADER_LENGTH + index * ENTRY_LENGTH;
    }

    static long regionLength(final int capacity)
    {
        return HEADER_LENGTH + (long)capacity * ENTRY_LENGTH;
    }
}
