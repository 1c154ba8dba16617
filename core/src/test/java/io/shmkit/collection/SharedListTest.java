package io.shmkit.collection;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class SharedListTest
{
    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAddGetSetRemoveAndClear()
    {
        try (SharedList l = SharedList.create(ShmLeakCheck.name("list"), 8, 1024))
        {
            assertTrue(l.isEmpty());
            assertEquals(0, l.add(b("a")));
            assertEquals(1, l.add(b("")));
            assertEquals(2, l.add(b("ccc")));
            assertEquals(3, l.size());
            assertArrayEquals(b("a"), l.get(0));
            assertArrayEquals(b(""), l.get(1));
            assertArrayEquals(b("a"), l.set(0, b("longer than one chunk of thirty-two bytes")));
            assertEquals("longer than one chunk of thirty-two bytes", new String(l.get(0), StandardCharsets.UTF_8));
            assertEquals(3, (int)l.read(2, (buf, off, len) -> len));
            assertArrayEquals(b("ccc"), l.removeLast());
            assertEquals(2, l.snapshot().size());
            l.clear();
            assertEquals(0, l.size());
            assertThrows(NoSuchElementException.class, l::removeLast);
            assertThrows(IndexOutOfBoundsException.class, () -> l.get(0));
            assertEquals(0, l.repairs());
            l.unlink();
        }
    }

    @Test
    void shouldRejectFullAndOversizedAndReuseSpace()
    {
        try (SharedList l = SharedList.create(ShmLeakCheck.name("full"), 4, 128))
        {
            assertEquals(120, l.maxRecordLength());
            assertThrows(IllegalArgumentException.class, () -> l.add(new byte[121]));
            l.add(new byte[56]);
            l.add(new byte[56]);
            assertThrows(CapacityExceededException.class, () -> l.add(new byte[1]), "no chunk left");
            l.removeLast();
            l.add(new byte[20]);
            l.clear();
            for (int i = 0; i < 4; i++)
            {
                l.add(new byte[0]);
            }
            assertThrows(CapacityExceededException.class, () -> l.add(new byte[0]), "record capacity");
            assertEquals(4, l.size());
            l.unlink();
        }
    }

    @Test
    void shouldCountUsedBytesInWholeChunksWithTheRecordHeaders()
    {
        try (SharedList l = SharedList.create(ShmLeakCheck.name("used"), 4, 128))
        {
            assertEquals(0, l.usedBytes());
            l.add(new byte[56]);
            assertEquals(64, l.usedBytes(), "8-byte header and 56 bytes: two chunks");
            l.add(new byte[1]);
            assertEquals(96, l.usedBytes(), "one more chunk");
            l.removeLast();
            assertEquals(64, l.usedBytes(), "its chunk freed");
            l.clear();
            assertEquals(0, l.usedBytes());
            l.unlink();
        }
    }

    @Test
    void shouldOfferATypedListView()
    {
        try (SharedList l = SharedList.create(ShmLeakCheck.name("typed"), 16, 4096))
        {
            final List<String> view = l.asList(RecordCodec.utf8());
            view.add("x");
            view.add("y");
            assertEquals("x", view.set(0, "z"));
            assertEquals(List.of("z", "y"), view);
            assertTrue(view.contains("y"));
            assertThrows(UnsupportedOperationException.class, () -> view.add(0, "w"));
            l.unlink();
        }
    }

    @Test
    void shouldRejectWrongKindCorruptionAndClosedUse()
    {
        final String name = ShmLeakCheck.name("wrong");
        try (SharedLongArray a = SharedLongArray.create(name, 'q', 8))
        {
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class, () -> SharedList.open(name));
            assertTrue(ex.getMessage().contains("array"), ex.getMessage());
            assertThrows(SegmentFormatException.class, () -> SharedDict.open(name));
            a.unlink();
        }
        final SharedList l = SharedList.create(ShmLeakCheck.name("closed"), 4, 64);
        l.buffer.putInt(ListDescriptor.CAPACITY_OFFSET, 1 << 20);
        assertThrows(SegmentFormatException.class, () -> SharedList.open(l.name()), "header disagrees with length");
        l.buffer.putInt(ListDescriptor.CAPACITY_OFFSET, 4);
        l.add(new byte[3]);
        final int pointer = l.buffer.getInt(ListDescriptor.slotOffset(0));
        l.buffer.putInt(ListDescriptor.slotOffset(0), 1 << 30);
        assertThrows(SegmentFormatException.class, () -> l.get(0), "a wild pointer is an exception, not a crash");
        l.buffer.putInt(ListDescriptor.slotOffset(0), pointer);
        final int record = (int)ListDescriptor.heapOffset(4, l.buffer.getInt(ListDescriptor.CHUNK_COUNT_OFFSET)) +
            ((pointer - 1) << ChunkHeap.CHUNK_SHIFT);
        assertEquals(3, l.buffer.getInt(record + ListDescriptor.RECORD_LENGTH_OFFSET), "found the record");
        l.buffer.putInt(record + ListDescriptor.RECORD_LENGTH_OFFSET, -3);
        assertThrows(SegmentFormatException.class, () -> l.get(0), "a negative length is corruption, not a crash");
        l.close();
        assertThrows(IllegalStateException.class, l::size);
        assertThrows(IllegalStateException.class, () -> l.add(new byte[1]));
        l.close();
        assertTrue(l.unlink());
    }

    @Test
    void shouldRepairAnUnfinishedUpdate()
    {
        try (SharedList l = SharedList.create(ShmLeakCheck.name("repair"), 8, 256))
        {
            l.add(new byte[10]);
            // a writer that allocated chunks and died before publishing: dirty word set, chunks marked, size unchanged
            l.buffer.putInt(ListDescriptor.DIRTY_OFFSET, ListDescriptor.OP_ADD);
            l.buffer.putInt(ListDescriptor.USED_OFFSET, 8);
            l.buffer.putLong((int)ListDescriptor.bitsetOffset(8), 0xFFL);
            assertEquals(1, l.snapshot().size());
            assertEquals(1, l.repairs());
            assertEquals(1, l.buffer.getInt(ListDescriptor.USED_OFFSET), "leaked chunks reclaimed");
            for (int i = 0; i < 7; i++)
            {
                l.add(new byte[24]);
            }
            l.unlink();
        }
    }

    @Test
    void shouldRejectAnotherFormatByNameNotAsCorrupted()
    {
        final SharedList l = SharedList.create(ShmLeakCheck.name("lformat"), 8, 1024);
        try
        {
            l.buffer.putInt(ListDescriptor.FORMAT_OFFSET, ListDescriptor.FORMAT + 1);
            final SegmentFormatException ex =
                assertThrows(SegmentFormatException.class, () -> SharedList.open(l.name()));
            assertTrue(ex.getMessage().contains("list of format " + (ListDescriptor.FORMAT + 1) +
                ", this version reads format " + ListDescriptor.FORMAT), ex.getMessage());
            assertFalse(ex.getMessage().contains("corrupted"), ex.getMessage());
        }
        finally
        {
            l.unlink();
            l.close();
        }
    }
}
