package io.shmkit.collection;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class SharedDictTest
{
    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldHashAsMurmur3()
    {
        // reference values of MurmurHash3 x86_32, seed 0
        assertEquals(0, DictDescriptor.hash(new UnsafeBuffer(new byte[0]), 0, 0));
        assertEquals(0x248bfa47, DictDescriptor.hash(new UnsafeBuffer(b("hello")), 0, 5));
        assertEquals(0x2e4ff723, DictDescriptor.hash(new UnsafeBuffer(b("The quick brown fox jumps over the lazy dog")),
            0, 43));
    }

    @Test
    void shouldPutGetRemoveComputeAndIterate()
    {
        try (SharedDict d = SharedDict.create(ShmLeakCheck.name("dict"), 64, 8192,
            ShmOptions.defaults().withStripes(4)))
        {
            assertEquals(4, d.stripes());
            assertNull(d.put(b("a"), b("1")));
            assertArrayEquals(b("1"), d.put(b("a"), b("2")));
            assertArrayEquals(b("2"), d.putIfAbsent(b("a"), b("3")));
            assertNull(d.putIfAbsent(b("b"), b("")));
            assertArrayEquals(b(""), d.get(b("b")));
            assertTrue(d.containsKey(b("b")));
            assertFalse(d.remove(b("a"), b("1")));
            assertTrue(d.replace(b("a"), b("2"), b("22")));
            assertArrayEquals(b("22x"), d.compute(b("a"), (k, v) -> (new String(v, StandardCharsets.UTF_8) + "x")
                .getBytes(StandardCharsets.UTF_8)));
            assertNull(d.compute(b("b"), (k, v) -> null));
            assertEquals(1, d.size());
            final Map<String, String> seen = new HashMap<>();
            for (int i = 0; i < 40; i++)
            {
                d.put(b("k" + i), b("v" + i));
            }
            d.forEach(e -> seen.put(new String(e.getKey(), StandardCharsets.UTF_8),
                new String(e.getValue(), StandardCharsets.UTF_8)));
            assertEquals(41, seen.size());
            assertEquals("22x", seen.get("a"));
            assertArrayEquals(b("v7"), d.remove(b("k7")));
            assertNull(d.get(b("k7")));
            d.clear();
            assertTrue(d.isEmpty());
            d.unlink();
        }
    }

    @Test
    void shouldRejectFullAndOversizedAndReuseSpace()
    {
        try (SharedDict d = SharedDict.create(ShmLeakCheck.name("full"), 2, 160))
        {
            assertThrows(IllegalArgumentException.class, () -> d.put(b("k"), new byte[200]));
            d.put(b("a"), new byte[40]);
            d.put(b("b"), new byte[10]);
            assertThrows(CapacityExceededException.class, () -> d.put(b("c"), b("")), "entry capacity");
            assertThrows(CapacityExceededException.class, () -> d.put(b("a"), new byte[60]), "no room beside the old");
            assertEquals(40, d.get(b("a")).length, "unchanged");
            // an update to the same bytes writes nothing, so it needs no room (it used to insert beside the old)
            assertArrayEquals(new byte[40], d.compute(b("a"), (k, v) -> v));
            d.remove(b("a"));
            d.put(b("c"), new byte[40]);
            assertEquals(2, d.size());
            d.unlink();
        }
    }

    @Test
    void shouldCountUsedBytesOverEveryStripe()
    {
        try (SharedDict d = SharedDict.create(ShmLeakCheck.name("used"), 64, 8192,
            ShmOptions.defaults().withStripes(4)))
        {
            assertEquals(0, d.usedBytes());
            long used = 0;
            for (int i = 0; i < 16; i++)
            {
                d.put(b("key-" + i), new byte[40]);
                assertTrue(d.usedBytes() >= used + 48, "key and value take at least their bytes: " + d.usedBytes());
                assertEquals(0, d.usedBytes() % 32, "whole chunks");
                used = d.usedBytes();
            }
            assertTrue(used <= d.capacityBytes(), used + " of " + d.capacityBytes());
            d.clear();
            assertEquals(0, d.usedBytes(), "every stripe's chunks freed");
            d.unlink();
        }
    }

    @Test
    void shouldOfferAConcurrentMapView()
    {
        try (SharedDict d = SharedDict.create(ShmLeakCheck.name("typed"), 64, 8192))
        {
            final ConcurrentMap<String, String> m = d.asMap(RecordCodec.utf8(), RecordCodec.utf8());
            m.put("x", "1");
            assertEquals("12", m.merge("x", "2", String::concat));
            assertEquals("12", m.get("x"));
            assertEquals("v", m.computeIfAbsent("y", k -> "v"));
            assertEquals(Map.of("x", "12", "y", "v"), new HashMap<>(m));
            assertTrue(m.remove("y", "v"));
            assertNull(m.get("y"));
            d.unlink();
        }
    }

    @Test
    void shouldPutAndReadInPlace()
    {
        final SharedDict d = SharedDict.create(ShmLeakCheck.name("zc"), 8, 1024);
        final UnsafeBuffer src = new UnsafeBuffer(new byte[16]);
        src.putStringWithoutLengthAscii(0, "key1");
        src.putStringWithoutLengthAscii(4, "value");
        d.set(src, 0, 4, src, 4, 5);
        d.set(src, 0, 4, src, 4, 3);
        assertArrayEquals(b("val"), d.get(b("key1")));
        assertEquals(3, (int)d.read(src, 0, 4, (buf, off, len) -> len));
        assertNull(d.read(src, 1, 3, (buf, off, len) -> len));
        assertThrows(IndexOutOfBoundsException.class, () -> d.set(src, 10, 10, src, 0, 1));
        d.close();
        assertThrows(IllegalStateException.class, () -> d.get(b("key1")), "closed");
        assertThrows(IllegalStateException.class, d::size);
        d.unlink();
    }

    @Test
    void shouldRejectAnOlderFormatByName()
    {
        final SharedDict d = SharedDict.create(ShmLeakCheck.name("format1"), 8, 1024);
        try
        {
            d.buffer.putInt(DictDescriptor.FORMAT_OFFSET, 1);
            final SegmentFormatException ex =
                assertThrows(SegmentFormatException.class, () -> SharedDict.open(d.name()));
            assertTrue(ex.getMessage().contains("format 1, this version reads format " + DictDescriptor.FORMAT),
                ex.getMessage());
            assertFalse(ex.getMessage().contains("corrupted"), ex.getMessage());
        }
        finally
        {
            d.unlink();
            d.close();
        }
    }

    @Test
    void shouldRejectACorruptedSegmentOrStructureHeader()
    {
        final SharedDict d = SharedDict.create(ShmLeakCheck.name("corrupt"), 8, 1024);
        try
        {
            d.buffer.putInt(DictDescriptor.BUCKETS_OFFSET, 3);
            assertThrows(io.shmkit.segment.SegmentFormatException.class, () -> SharedDict.open(d.name()));
            d.buffer.putInt(DictDescriptor.BUCKETS_OFFSET, 8);
            // the segment header's kind word (file offset 16) names no known kind
            final long kindAddress = d.segment.chunkAddresses()[0] + 16;
            org.agrona.UnsafeApi.putInt(kindAddress, 99);
            final io.shmkit.segment.SegmentFormatException ex =
                assertThrows(io.shmkit.segment.SegmentFormatException.class, () -> SharedDict.open(d.name()));
            assertTrue(ex.getMessage().contains("unknown kind"), ex.getMessage());
        }
        finally
        {
            d.unlink();
            d.close();
        }
    }

    @Test
    void shouldRepairAnUnfinishedUpdate()
    {
        try (SharedDict d = SharedDict.create(ShmLeakCheck.name("repair"), 8, 1024))
        {
            d.put(b("a"), b("1"));
            final DictStore store = new DictStore(d.buffer, d.name());
            d.buffer.putInt(store.dirtyOffset(0), DictDescriptor.OP_INSERT);
            d.buffer.putInt(store.countOffset(0), 5);
            assertArrayEquals(b("1"), d.get(b("a")));
            assertEquals(1, d.size(), "count rebuilt from the chains");
            assertEquals(1, d.repairs());
            d.unlink();
        }
    }

    /** A one-stripe dict, so that every key is in stripe 0. */
    private static SharedDict oneStripe(final String name)
    {
        return SharedDict.create(ShmLeakCheck.name(name), 8, 1024, ShmOptions.defaults().withStripes(1));
    }

    /** The pointer of key {@code k}'s entry in stripe 0. */
    private static int pointer(final DictStore store, final String k)
    {
        final UnsafeBuffer key = new UnsafeBuffer(b(k));
        return (int)store.find(0, DictDescriptor.hash(key, 0, key.capacity()), key, 0, key.capacity());
    }

    @Test
    void shouldOverwriteASameLengthValueInPlace()
    {
        try (SharedDict d = oneStripe("inplace"))
        {
            d.put(b("a"), b("12345678"));
            final long used = d.usedBytes();
            final DictStore store = new DictStore(d.buffer, d.name());
            final int ptr = pointer(store, "a");
            assertArrayEquals(b("12345678"), d.put(b("a"), b("abcdefgh")));
            assertArrayEquals(b("abcdefgh"), d.get(b("a")));
            assertEquals(ptr, pointer(store, "a"), "the same entry, not a new one");
            assertEquals(used, d.usedBytes());
            assertArrayEquals(b("abcdefgh"), d.put(b("a"), b("xyz")), "another length takes a new entry");
            assertArrayEquals(b("xyz"), d.get(b("a")));
            assertEquals(1, d.size());
            assertEquals(0, d.repairs());
            d.unlink();
        }
    }

    @Test
    void shouldUndoAnInterruptedOverwrite()
    {
        try (SharedDict d = oneStripe("undo"))
        {
            d.put(b("a"), b("old!"));
            d.put(b("b"), b("keep"));
            final DictStore store = new DictStore(d.buffer, d.name());
            final int ptr = pointer(store, "a");
            final int at = store.entryOffset(0, ptr);
            // a writer killed halfway through the value: journal saved, Dirty set, two bytes written
            store.journal(0, ptr, at);
            d.buffer.putInt(store.dirtyOffset(0), DictDescriptor.OP_OVERWRITE);
            store.overwrite(at, new UnsafeBuffer(b("NE")), 0, 2);
            assertArrayEquals(b("old!"), d.get(b("a")), "the old value back, not a torn one");
            assertArrayEquals(b("keep"), d.get(b("b")));
            assertEquals(1, d.repairs());
            assertEquals(2, d.size());
            // a journal that does not match its entry is a corrupted stripe, not a wrong value
            store.journal(0, ptr, at);
            d.buffer.putInt(store.dirtyOffset(0) + DictDescriptor.JOURNAL_LENGTH_OFFSET - DictDescriptor.DIRTY_OFFSET,
                3);
            d.buffer.putInt(store.dirtyOffset(0), DictDescriptor.OP_OVERWRITE);
            assertThrows(SegmentFormatException.class, () -> d.get(b("a")));
            d.buffer.putInt(store.dirtyOffset(0), 0);
            d.unlink();
        }
    }
}
