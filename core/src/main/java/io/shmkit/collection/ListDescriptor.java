package io.shmkit.collection;

/**
 * Byte layout of a {@link SharedList}'s region (the data of a segment of kind {@code LIST}, typecode {@code 'B'},
 * one lock slot). Offsets are from the start of the region (the segment's Data Offset); little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Capacity (records, R)                        |    0
 *  +---------------------------------------------------------------+
 *  |                  Chunk Size (bytes, = 32)                     |    4
 *  +---------------------------------------------------------------+
 *  |                  Chunk Count (C)                              |    8
 *  +---------------------------------------------------------------+
 *  |                  Format (= 2)                                 |   12
 *  +---------------------------------------------------------------+
 *  |                  Reserved to 64                               |   16
 *  +---------------------------------------------------------------+
 *  |  Size (records; the publish word, release store)              |   64
 *  +---------------------------------------------------------------+
 *  |  Dirty (0 clean, else the code of the unfinished operation)   |   68
 *  +---------------------------------------------------------------+
 *  |  Repairs (u64)                                                |   72
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Allocation Hint (next chunk to try)                          |   80
 *  +---------------------------------------------------------------+
 *  |  Used Chunks                                                  |   84
 *  +---------------------------------------------------------------+
 *  |  Compactions (u64)                                            |   88
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Move Link (offset of the slot pointing at the moving record) |   96
 *  +---------------------------------------------------------------+
 *  |  Move From (first chunk of the moving record)                 |  100
 *  +---------------------------------------------------------------+
 *  |  Move To (its new first chunk)                                |  104
 *  +---------------------------------------------------------------+
 *  |  Move Chunks (0: no move in flight)                           |  108
 *  +---------------------------------------------------------------+
 *  |  Move Done (chunks copied)                                    |  112
 *  +---------------------------------------------------------------+
 *  |                  Reserved to 128                              |  116
 *  +---------------------------------------------------------------+
 *  |  Index: R slots of 4 bytes, first chunk + 1 of record i       |  128
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 *  |  Free bitset: ceil(C / 64) u64 words, 64-byte aligned         |  Bitset Offset
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 *  |  Heap: C chunks of 32 bytes, 64-byte aligned                  |  Heap Offset
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 * </pre>
 * A record takes a run of chunks: its length (4 bytes), 4 reserved bytes, then its bytes. Slots from Size on are
 * meaningless. Size, Index, and the records they reach are the published state; Dirty, Hint, Used and the
 * bitset are derived and rebuilt by a repair (see {@link SharedCollection}). The move words are the redo journal
 * of a compaction (Dirty = {@link HeapCompactor#OP_COMPACT}, see {@link HeapCompactor}); Compactions counts
 * compactions. Format 2 added them (format 1 had those bytes reserved).
 */
final class ListDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Format of the region. */
    static final int FORMAT = 2;
    static final int CAPACITY_OFFSET = 0;
    static final int CHUNK_SIZE_OFFSET = CAPACITY_OFFSET + Integer.BYTES;
    static final int CHUNK_COUNT_OFFSET = CHUNK_SIZE_OFFSET + Integer.BYTES;
    static final int FORMAT_OFFSET = CHUNK_COUNT_OFFSET + Integer.BYTES;
    /** The configuration is immutable; the mutable words start on a cache line of their own. */
    static final int CONFIG_LENGTH = 64;
    static final int SIZE_OFFSET = CONFIG_LENGTH;
    static final int DIRTY_OFFSET = SIZE_OFFSET + Integer.BYTES;
    static final int REPAIRS_OFFSET = DIRTY_OFFSET + Integer.BYTES;
    static final int HINT_OFFSET = REPAIRS_OFFSET + Long.BYTES;
    static final int USED_OFFSET = HINT_OFFSET + Integer.BYTES;
    static final int COMPACTIONS_OFFSET = USED_OFFSET + Integer.BYTES;
    static final int MOVE_OFFSET = COMPACTIONS_OFFSET + Long.BYTES;
    static final int HEADER_LENGTH = 128;
    static final int INDEX_OFFSET = HEADER_LENGTH;
    static final int SLOT_LENGTH = Integer.BYTES;
    static final int RECORD_LENGTH_OFFSET = 0;
    static final int RECORD_HEADER_LENGTH = 8;
    static final int ALIGNMENT = 64;

    /** Operation codes stored in the dirty word. */
    static final int OP_ADD = 1;
    static final int OP_SET = 2;
    static final int OP_REMOVE_LAST = 3;
    static final int OP_CLEAR = 4;
    static final int OP_COMPACT = HeapCompactor.OP_COMPACT;

    private ListDescriptor()
    {
    }

    static long align(final long offset)
    {
        return (offset + ALIGNMENT - 1) & -ALIGNMENT;
    }

    static long bitsetOffset(final int capacity)
    {
        return align(INDEX_OFFSET + (long)capacity * SLOT_LENGTH);
    }

    static long heapOffset(final int capacity, final int chunks)
    {
        return align(bitsetOffset(capacity) + ChunkHeap.bitsetLength(chunks));
    }

    static long regionLength(final int capacity, final int chunks)
    {
        return heapOffset(capacity, chunks) + ((long)chunks << ChunkHeap.CHUNK_SHIFT);
    }

    static int slotOffset(final int index)
    {
        return INDEX_OFFSET + index * SLOT_LENGTH;
    }
}
