package io.shmkit.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins the list and dict layouts of docs/layout.md, and the alignment of their atomic words. */
class DescriptorTest
{
    @Test
    void shouldPinTheListLayout()
    {
        assertEquals(0, ListDescriptor.CAPACITY_OFFSET);
        assertEquals(4, ListDescriptor.CHUNK_SIZE_OFFSET);
        assertEquals(8, ListDescriptor.CHUNK_COUNT_OFFSET);
        assertEquals(12, ListDescriptor.FORMAT_OFFSET);
        assertEquals(64, ListDescriptor.SIZE_OFFSET);
        assertEquals(68, ListDescriptor.DIRTY_OFFSET);
        assertEquals(72, ListDescriptor.REPAIRS_OFFSET);
        assertEquals(80, ListDescriptor.HINT_OFFSET);
        assertEquals(84, ListDescriptor.USED_OFFSET);
        assertEquals(88, ListDescriptor.COMPACTIONS_OFFSET);
        assertEquals(96, ListDescriptor.MOVE_OFFSET);
        assertEquals(2, ListDescriptor.FORMAT, "format 2 added the compaction journal");
        assertTrue(ListDescriptor.MOVE_OFFSET + HeapCompactor.LENGTH <= ListDescriptor.HEADER_LENGTH);
        assertEquals(128, ListDescriptor.INDEX_OFFSET);
        assertEquals(8, ListDescriptor.RECORD_HEADER_LENGTH);
        assertEquals(32, ChunkHeap.CHUNK_SIZE);
        assertEquals(1 << ChunkHeap.CHUNK_SHIFT, ChunkHeap.CHUNK_SIZE);
        // 10 records: index 40 bytes -> bitset at 192; 100 chunks: 2 words -> heap at 256
        assertEquals(192, ListDescriptor.bitsetOffset(10));
        assertEquals(256, ListDescriptor.heapOffset(10, 100));
        assertEquals(256 + 3200, ListDescriptor.regionLength(10, 100));
    }

    @Test
    void shouldPinTheDictLayout()
    {
        assertEquals(0, DictDescriptor.STRIPES_OFFSET);
        assertEquals(4, DictDescriptor.BUCKETS_OFFSET);
        assertEquals(8, DictDescriptor.ENTRIES_OFFSET);
        assertEquals(12, DictDescriptor.CHUNK_SIZE_OFFSET);
        assertEquals(16, DictDescriptor.CHUNKS_OFFSET);
        assertEquals(20, DictDescriptor.FORMAT_OFFSET);
        assertEquals(3, DictDescriptor.FORMAT, "format 2 added the overwrite journal, 3 the compaction journal");
        assertEquals(24, DictDescriptor.STRIPE_LENGTH_OFFSET);
        assertEquals(128, DictDescriptor.HEADER_LENGTH);
        assertEquals(0, DictDescriptor.COUNT_OFFSET);
        assertEquals(4, DictDescriptor.DIRTY_OFFSET);
        assertEquals(8, DictDescriptor.REPAIRS_OFFSET);
        assertEquals(16, DictDescriptor.HINT_OFFSET);
        assertEquals(20, DictDescriptor.USED_OFFSET);
        assertEquals(24, DictDescriptor.JOURNAL_ENTRY_OFFSET);
        assertEquals(28, DictDescriptor.JOURNAL_LENGTH_OFFSET);
        assertEquals(32, DictDescriptor.JOURNAL_BYTES_OFFSET);
        assertEquals(64, DictDescriptor.COMPACTIONS_OFFSET);
        assertEquals(72, DictDescriptor.MOVE_OFFSET);
        assertTrue(DictDescriptor.MOVE_OFFSET + HeapCompactor.LENGTH <= DictDescriptor.STRIPE_HEADER_LENGTH);
        assertEquals(128, DictDescriptor.STRIPE_HEADER_LENGTH);
        assertEquals(128, DictDescriptor.BUCKETS_START);
        assertEquals(0, DictDescriptor.NEXT_OFFSET);
        assertEquals(4, DictDescriptor.HASH_OFFSET);
        assertEquals(8, DictDescriptor.KEY_LENGTH_OFFSET);
        assertEquals(12, DictDescriptor.VALUE_LENGTH_OFFSET);
        assertEquals(16, DictDescriptor.ENTRY_HEADER_LENGTH);
        // 16 buckets: 64 bytes -> bitset at 192; 64 chunks: 1 word -> heap at 256; 2048 bytes -> 2304, to 2304
        assertEquals(192, DictDescriptor.bitsetOffset(16));
        assertEquals(256, DictDescriptor.heapOffset(16, 64));
        assertEquals(2304, DictDescriptor.stripeLength(16, 64));
        assertEquals(128 + 4 * 2304, DictDescriptor.regionLength(4, 16, 64));
    }

    @Test
    void shouldAlignAtomicWordsAndSeparateStripes()
    {
        assertEquals(0, ListDescriptor.SIZE_OFFSET % 64, "the publish word starts a cache line");
        assertEquals(0, ListDescriptor.REPAIRS_OFFSET % Long.BYTES);
        assertEquals(0, DictDescriptor.REPAIRS_OFFSET % Long.BYTES);
        assertEquals(0, ListDescriptor.COMPACTIONS_OFFSET % Long.BYTES);
        assertEquals(0, DictDescriptor.COMPACTIONS_OFFSET % Long.BYTES);
        for (final int chunks : new int[] {1, 63, 64, 65, 1000})
        {
            assertEquals(0, ListDescriptor.heapOffset(7, chunks) % 64);
            assertEquals(0, ListDescriptor.bitsetOffset(7) % Long.BYTES);
            assertEquals(0, DictDescriptor.stripeLength(8, chunks) % 128, "each stripe on its own cache-line pair");
            assertTrue(DictDescriptor.heapOffset(8, chunks) % 64 == 0);
        }
    }
}
