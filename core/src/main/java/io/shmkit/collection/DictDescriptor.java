package io.shmkit.collection;

/**
 * Byte layout of a {@link SharedDict}'s region (the data of a segment of kind {@code DICT}, typecode {@code 'B'},
 * one lock slot per stripe). Offsets are from the start of the region; little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Stripes (S, power of two)                    |    0
 *  +---------------------------------------------------------------+
 *  |                  Buckets per Stripe (B, power of two)         |    4
 *  +---------------------------------------------------------------+
 *  |                  Entries per Stripe (E)                       |    8
 *  +---------------------------------------------------------------+
 *  |                  Chunk Size (bytes, = 32)                     |   12
 *  +---------------------------------------------------------------+
 *  |                  Chunks per Stripe (C)                        |   16
 *  +---------------------------------------------------------------+
 *  |                  Format (= 3)                                 |   20
 *  +---------------------------------------------------------------+
 *  |                  Stripe Length (bytes, multiple of 128)       |   24
 *  +---------------------------------------------------------------+
 *  |                  Reserved to 128                              |   28
 *  +---------------------------------------------------------------+
 *  |  Stripe 0                                                     |  128
 *  ...                                                           ...
 *  |  Stripe S-1                                                   |  128 + (S-1) * Stripe Length
 *  +---------------------------------------------------------------+
 *
 *  Stripe s, guarded by lock slot s:
 *  +---------------------------------------------------------------+
 *  |  Count (entries in the stripe)                                |   +0
 *  +---------------------------------------------------------------+
 *  |  Dirty (0 clean, else the code of the unfinished operation)   |   +4
 *  +---------------------------------------------------------------+
 *  |  Repairs (u64)                                                |   +8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Allocation Hint                                              |  +16
 *  +---------------------------------------------------------------+
 *  |  Used Chunks                                                  |  +20
 *  +---------------------------------------------------------------+
 *  |  Journal Entry (pointer of the entry being overwritten)       |  +24
 *  +---------------------------------------------------------------+
 *  |  Journal Length (bytes of the saved value, at most 32)        |  +28
 *  +---------------------------------------------------------------+
 *  |  Journal Bytes: the overwritten value's previous bytes        |  +32
 *  |  (32 bytes, to the end of the stripe header's first line)     |
 *  +---------------------------------------------------------------+
 *  |  Compactions (u64)                                            |  +64
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Move Link (offset of the word pointing at the moving entry)  |  +72
 *  +---------------------------------------------------------------+
 *  |  Move From (first chunk of the moving entry)                  |  +76
 *  +---------------------------------------------------------------+
 *  |  Move To (its new first chunk)                                |  +80
 *  +---------------------------------------------------------------+
 *  |  Move Chunks (0: no move in flight)                           |  +84
 *  +---------------------------------------------------------------+
 *  |  Move Done (chunks copied)                                    |  +88
 *  +---------------------------------------------------------------+
 *  |  Reserved to 128                                              |  +92
 *  +---------------------------------------------------------------+
 *  |  Buckets: B heads of 4 bytes, first chunk + 1 of the chain    | +128
 *  ...                                                           ...
 *  +---------------------------------------------------------------+
 *  |  Free bitset: ceil(C / 64) u64 words, 64-byte aligned         |
 *  +---------------------------------------------------------------+
 *  |  Heap: C chunks of 32 bytes, 64-byte aligned                  |
 *  +---------------------------------------------------------------+
 *
 *  Entry (a run of chunks):
 *  +---------------------------------------------------------------+
 *  |  Next (first chunk + 1 of the next entry of the chain, 0 end) |   +0
 *  +---------------------------------------------------------------+
 *  |  Hash (MurmurHash3 x86_32, seed 0, of the key)                |   +4
 *  +---------------------------------------------------------------+
 *  |  Key Length                                                   |   +8
 *  +---------------------------------------------------------------+
 *  |  Value Length                                                 |  +12
 *  +---------------------------------------------------------------+
 *  |  Key bytes, then Value bytes                                  |  +16
 *  +---------------------------------------------------------------+
 * </pre>
 * A key of hash {@code h} lives in stripe {@code h & (S - 1)}, bucket {@code (h >>> log2(S)) & (B - 1)}. The heads,
 * the links and the entries they reach are the published state; Count, Dirty, Hint, Used and the bitset are
 * derived and rebuilt by a repair (see {@link SharedCollection}). The journal serves one operation only, the
 * overwrite in place of a value by one of the same length of at most {@link #JOURNAL_CAPACITY} bytes: the old
 * bytes are saved in it before Dirty is set to {@link #OP_OVERWRITE}, so a repair that finds that code copies
 * them back (an undo) before it rebuilds. The move words are the redo journal of a compaction (Dirty =
 * {@link HeapCompactor#OP_COMPACT}, see {@link HeapCompactor}); Compactions counts compactions. Format 3 added them
 * (and moved the buckets from +64 to +128).
 */
final class DictDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    static final int FORMAT = 3;
    static final int STRIPES_OFFSET = 0;
    static final int BUCKETS_OFFSET = STRIPES_OFFSET + Integer.BYTES;
    static final int ENTRIES_OFFSET = BUCKETS_OFFSET + Integer.BYTES;
    static final int CHUNK_SIZE_OFFSET = ENTRIES_OFFSET + Integer.BYTES;
    static final int CHUNKS_OFFSET = CHUNK_SIZE_OFFSET + Integer.BYTES;
    static final int FORMAT_OFFSET = CHUNKS_OFFSET + Integer.BYTES;
    static final int STRIPE_LENGTH_OFFSET = FORMAT_OFFSET + Integer.BYTES;
    static final int HEADER_LENGTH = 128;

    static final int COUNT_OFFSET = 0;
    static final int DIRTY_OFFSET = COUNT_OFFSET + Integer.BYTES;
    static final int REPAIRS_OFFSET = DIRTY_OFFSET + Integer.BYTES;
    static final int HINT_OFFSET = REPAIRS_OFFSET + Long.BYTES;
    static final int USED_OFFSET = HINT_OFFSET + Integer.BYTES;
    static final int JOURNAL_ENTRY_OFFSET = USED_OFFSET + Integer.BYTES;
    static final int JOURNAL_LENGTH_OFFSET = JOURNAL_ENTRY_OFFSET + Integer.BYTES;
    static final int JOURNAL_BYTES_OFFSET = JOURNAL_LENGTH_OFFSET + Integer.BYTES;
    static final int JOURNAL_CAPACITY = 32;
    static final int COMPACTIONS_OFFSET = JOURNAL_BYTES_OFFSET + JOURNAL_CAPACITY;
    static final int MOVE_OFFSET = COMPACTIONS_OFFSET + Long.BYTES;
    static final int STRIPE_HEADER_LENGTH = 128;
    static final int BUCKETS_START = STRIPE_HEADER_LENGTH;
    static final int STRIPE_ALIGNMENT = 128;

    static final int NEXT_OFFSET = 0;
    static final int HASH_OFFSET = NEXT_OFFSET + Integer.BYTES;
    static final int KEY_LENGTH_OFFSET = HASH_OFFSET + Integer.BYTES;
    static final int VALUE_LENGTH_OFFSET = KEY_LENGTH_OFFSET + Integer.BYTES;
    static final int ENTRY_HEADER_LENGTH = VALUE_LENGTH_OFFSET + Integer.BYTES;

    /** Operation codes stored in the dirty word. */
    static final int OP_INSERT = 1;
    static final int OP_REPLACE = 2;
    static final int OP_REMOVE = 3;
    static final int OP_CLEAR = 4;
    static final int OP_OVERWRITE = 5;
    static final int OP_COMPACT = HeapCompactor.OP_COMPACT;

    private DictDescriptor()
    {
    }

    /** Offset of the bitset within a stripe. */
    static long bitsetOffset(final int buckets)
    {
        return ListDescriptor.align(BUCKETS_START + (long)buckets * Integer.BYTES);
    }

    /** Offset of the heap within a stripe. */
    static long heapOffset(final int buckets, final int chunks)
    {
        return ListDescriptor.align(bitsetOffset(buckets) + ChunkHeap.bitsetLength(chunks));
    }

    static long stripeLength(final int buckets, final int chunks)
    {
        final long end = heapOffset(buckets, chunks) + ((long)chunks << ChunkHeap.CHUNK_SHIFT);
        return (end + STRIPE_ALIGNMENT - 1) & -STRIPE_ALIGNMENT;
    }

    static long regionLength(final int stripes, final int buckets, final int chunks)
    {
        return HEADER_LENGTH + stripes * stripeLength(buckets, chunks);
    }

    static int stripeOffset(final int stripe, final int stripeLength)
    {
        return HEADER_LENGTH + stripe * stripeLength;
    }

    /**
     * MurmurHash3 x86_32 with seed 0 of {@code length} bytes (Python: {@code mmh3.hash(key, 0, signed=False)}).
     *
     * @param b      the bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the hash.
     */
    static int hash(final org.agrona.DirectBuffer b, final int offset, final int length)
    {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        final int blocks = length & ~3;
        for (int i = 0; i < blocks; i += 4)
        {
            h ^= Integer.rotateLeft(b.getInt(offset + i, java.nio.ByteOrder.LITTLE_ENDIAN) * c1, 15) * c2;
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        final int tail = length & 3;
        if (tail != 0)
        {
            int k = 0;
            for (int i = tail - 1; i >= 0; i--)
            {
                k = (k << 8) | (b.getByte(offset + blocks + i) & 0xff);
            }
            h ^= Integer.rotateLeft(k * c1, 15) * c2;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
