package io.shmkit.collection;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * Compaction of a fragmented heap ({@link HeapCompactor}): an insertion that fits the free chunks succeeds wherever
 * they lie, and a compaction interrupted at any point of a move is completed by the next locker, from the journal
 * alone, with nothing lost or torn.
 */
@ExtendWith(ShmLeakCheck.class)
class HeapCompactionTest
{
    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(final byte[] b)
    {
        return null == b ? null : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * {@code n} characters that differ from position to position (and from seed to seed), so that a chunk copied
     * from the wrong place, or not at all, shows.
     */
    static String pattern(final char seed, final int n)
    {
        final StringBuilder sb = new StringBuilder(n);
        for (int j = 0; j < n; j++)
        {
            sb.append((char)('!' + (seed * 7 + j) % 90));
        }
        return sb.toString();
    }

    /** A record of {@code chunks} list chunks (an 8-byte header, then 32 bytes per further chunk). */
    private static byte[] listRecord(final char c, final int chunks)
    {
        return b(pattern(c, chunks * ChunkHeap.CHUNK_SIZE - ListDescriptor.RECORD_HEADER_LENGTH));
    }

    /** List of 5 chunks: free {0}, slot 1 = 3 chunks at 1..3, slot 0 = 1 chunk at 4. */
    private static SharedList fragmentedList()
    {
        final SharedList l = SharedList.create(ShmLeakCheck.name("clist"), 4, 5 * ChunkHeap.CHUNK_SIZE);
        l.add(listRecord('x', 1));
        l.add(listRecord('b', 3));
        l.set(0, listRecord('y', 1));
        assertEquals(4 * 32L, l.usedBytes());
        return l;
    }

    @Test
    void listShouldCompactWhenTheFreeChunksFitButNoRunDoes()
    {
        try (SharedList l = SharedList.create(ShmLeakCheck.name("clist"), 4, 4 * ChunkHeap.CHUNK_SIZE))
        {
            try
            {
                l.add(listRecord('a', 1));
                l.add(listRecord('b', 1));
                l.add(listRecord('c', 1));
                l.set(0, listRecord('x', 1));
                l.removeLast();
                // x at 3, b at 1, free {0, 2}: a 2-chunk record fits only after b and x slide down
                assertEquals(0, l.compactions());
                l.add(listRecord('d', 2));
                assertEquals(1, l.compactions());
                assertArrayEquals(listRecord('x', 1), l.get(0));
                assertArrayEquals(listRecord('b', 1), l.get(1));
                assertArrayEquals(listRecord('d', 2), l.get(2));
                assertEquals(4 * 32L, l.usedBytes());
                // full: nothing fits, and a compaction is not tried
                assertThrows(CapacityExceededException.class, () -> l.add(listRecord('e', 1)));
                assertEquals(1, l.compactions());
                assertEquals(0, l.repairs());
            }
            finally
            {
                l.unlink();
            }
        }
    }

    @Test
    void listSetShouldCompactAndFreeTheOldRecordWhereItMoved()
    {
        try (SharedList l = SharedList.create(ShmLeakCheck.name("clist"), 4, 5 * ChunkHeap.CHUNK_SIZE))
        {
            try
            {
                l.add(listRecord('a', 1));
                l.add(listRecord('b', 1));
                l.add(listRecord('c', 1));
                l.add(listRecord('d', 1));
                l.set(0, listRecord('x', 1));
                l.set(2, listRecord('y', 1));
                // x at 4, b at 1, y at 0, d at 3; free {2}: set b to 2 chunks needs 2 free, there is 1
                assertThrows(CapacityExceededException.class, () -> l.set(1, listRecord('z', 2)));
                l.set(2, listRecord('y', 1));
                // y moved to 2 (next fit), free {0}: b (1 chunk, at 1) to 2 chunks: 1 free + its own are not room
                assertThrows(CapacityExceededException.class, () -> l.set(1, listRecord('z', 2)));
                l.removeLast();
                // d gone: free {0, 3}; setting b (at 1) to 2 chunks needs the two free chunks together
                l.set(1, listRecord('z', 2));
                assertEquals(1, l.compactions());
                assertArrayEquals(listRecord('x', 1), l.get(0));
                assertArrayEquals(listRecord('z', 2), l.get(1));
                assertArrayEquals(listRecord('y', 1), l.get(2));
                // b's chunk (moved to 0 by the compaction) was freed where it lay: exactly 4 chunks are used
                assertEquals(4 * 32L, l.usedBytes());
                l.add(listRecord('e', 1));
                assertArrayEquals(listRecord('e', 1), l.get(3));
                assertArrayEquals(listRecord('y', 1), l.get(2), "the new record took no live chunk");
                assertArrayEquals(listRecord('x', 1), l.get(0), "the new record took no live chunk");
                assertEquals(0, l.repairs());
            }
            finally
            {
                l.unlink();
            }
        }
    }

    @Test
    void dictShouldCompactForAnInsertionAndForAReplacement()
    {
        try (SharedDict d = SharedDict.create(ShmLeakCheck.name("cdict"), 4, 4 * ChunkHeap.CHUNK_SIZE,
            ShmOptions.defaults().withStripes(1)))
        {
            try
            {
                d.put(b("a"), b("1"));
                d.put(b("b"), b("2"));
                d.put(b("c"), b("3"));
                d.remove(b("a"));
                // free {0, 3}: a 2-chunk entry needs a compaction
                d.put(b("b"), b(pattern('2', 40)));
                assertEquals(1, d.compactions());
                assertEquals(pattern('2', 40), s(d.get(b("b"))));
                assertEquals("3", s(d.get(b("c"))));
                assertEquals(3 * 32L, d.usedBytes());
                d.remove(b("c"));
                d.put(b("d"), b("4"));
                // entries: b (2 chunks), d (1); free 1 chunk: a 2-chunk insertion does not fit, wherever it lies
                assertThrows(CapacityExceededException.class, () -> d.put(b("e"), b(pattern('5', 40))));
                assertEquals(2, d.size());
            }
            finally
            {
                d.unlink();
            }
        }
    }

    @Test
    void dictShouldMatchAHashMapUnderChurnThatFragmentsItsHeap()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            // 8 entries of 1 to 3 chunks in 1 stripe of 2 buckets per entry pair: chains, links in Next fields
            try (SharedDict d = SharedDict.create(ShmLeakCheck.name("cdict"), 8, 20 * ChunkHeap.CHUNK_SIZE,
                ShmOptions.defaults().withStripes(1)))
            {
                try
                {
                    final Map<String, String> model = new HashMap<>();
                    final Random rnd = new Random(seed);
                    int used = 0;
                    for (int step = 0; step < 400; step++)
                    {
                        final String k = "k" + rnd.nextInt(10);
                        if (rnd.nextInt(4) == 0)
                        {
                            final String old = model.remove(k);
                            used -= null == old ? 0 : chunks(k, old);
                            assertEquals(old, s(d.remove(b(k))), "seed " + seed + " step " + step);
                            continue;
                        }
                        final String v = pattern((char)('a' + step % 26), rnd.nextInt(80));
                        final String old0 = model.get(k);
                        // a value of the old one's length, at most 32 bytes, is overwritten in place: no room needed
                        final boolean fits = null != old0 && old0.length() == v.length() && v.length() <= 32 ||
                            (null != old0 || model.size() < 8) && used + chunks(k, v) <= 20;
                        if (fits)
                        {
                            assertEquals(model.get(k), s(d.put(b(k), b(v))), "seed " + seed + " step " + step);
                            final String old = model.put(k, v);
                            used += chunks(k, v) - (null == old ? 0 : chunks(k, old));
                        }
                        else
                        {
                            assertThrows(CapacityExceededException.class, () -> d.put(b(k), b(v)),
                                "seed " + seed + " step " + step);
                        }
                        assertEquals(used * 32L, d.usedBytes(), "seed " + seed + " step " + step);
                    }
                    final Map<String, String> seen = new HashMap<>();
                    d.forEach(e -> seen.put(s(e.getKey()), s(e.getValue())));
                    assertEquals(model, seen, "seed " + seed);
                    assertTrue(d.compactions() > 0, "seed " + seed + ": the churn never fragmented the heap");
                    assertEquals(0, d.repairs());
                }
                finally
                {
                    d.unlink();
                }
            }
        }
    }

    private static int chunks(final String k, final String v)
    {
        return ChunkHeap.chunksFor(DictDescriptor.ENTRY_HEADER_LENGTH + k.length() + v.length());
    }

    /**
     * Leave stripe {@code s} as a holder killed inside a move leaves it: Dirty = compact, the journal written, the
     * first {@code done} chunks copied (and half of the next if {@code torn}), the link published if
     * {@code published}; then give up the lock without finishing.
     */
    private static void interruptedMove(
        final SharedCollection c, final int s, final int journal, final int link, final int from, final int to,
        final int chunks, final int done, final boolean torn, final boolean published)
    {
        final UnsafeBuffer buffer = c.buffer;
        final ChunkHeap heap = c.stripedStore().heap(s);
        c.lock(s);
        c.begin(s, HeapCompactor.OP_COMPACT);
        buffer.putInt(journal + HeapCompactor.LINK, link);
        buffer.putInt(journal + HeapCompactor.FROM, from);
        buffer.putInt(journal + HeapCompactor.TO, to);
        buffer.putInt(journal + HeapCompactor.DONE, done);
        buffer.putInt(journal + HeapCompactor.CHUNKS, chunks);
        for (int i = 0; i < done; i++)
        {
            buffer.putBytes(heap.offset(to + i), buffer, heap.offset(from + i), ChunkHeap.CHUNK_SIZE);
        }
        if (torn)
        {
            buffer.putBytes(heap.offset(to + done), buffer, heap.offset(from + done), ChunkHeap.CHUNK_SIZE / 2);
        }
        if (published)
        {
            buffer.putInt(link, to + 1);
        }
        c.unlock(s);
    }

    @Test
    void listShouldFinishAMoveInterruptedAtAnyPoint()
    {
        final List<String> states = new ArrayList<>();
        for (int done = 0; done <= 3; done++)
        {
            for (final boolean torn : new boolean[] {false, true})
            {
                if (!(torn && done == 3))
                {
                    states.add(done + (torn ? "+half" : ""));
                    checkInterruptedListMove(done, torn, false);
                }
            }
        }
        checkInterruptedListMove(3, false, true);
        assertEquals(7, states.size());
    }

    private static void checkInterruptedListMove(final int done, final boolean torn, final boolean published)
    {
        final String what = "done " + done + (torn ? " and half a chunk" : "") + (published ? ", published" : "");
        try (SharedList l = fragmentedList())
        {
            try
            {
                // slot 1's record (3 chunks at 1..3) moves to 0..2: source and destination overlap
                interruptedMove(l, 0, ListDescriptor.MOVE_OFFSET, ListDescriptor.slotOffset(1), 1, 0, 3, done, torn,
                    published);
                assertArrayEquals(listRecord('b', 3), l.get(1), what);
                assertArrayEquals(listRecord('y', 1), l.get(0), what);
                assertEquals(1, l.repairs(), what);
                assertEquals(4 * 32L, l.usedBytes(), what);
                assertEquals(0, l.buffer.getInt(ListDescriptor.MOVE_OFFSET + HeapCompactor.CHUNKS), what);
                // the move's last source chunk, 3, is the one free chunk: a 1-chunk record fits with no compaction
                l.add(listRecord('c', 1));
                assertEquals(0, l.compactions(), what);
                assertEquals(5 * 32L, l.usedBytes(), what);
                assertArrayEquals(listRecord('y', 1), l.get(0), what);
                assertArrayEquals(listRecord('b', 3), l.get(1), what);
                assertArrayEquals(listRecord('c', 1), l.get(2), what);
            }
            finally
            {
                l.unlink();
            }
        }
    }

    @Test
    void dictShouldFinishAMoveWhoseLinkIsAnotherEntrysNextField()
    {
        for (int done = 0; done <= 3; done++)
        {
            final String what = "done " + done;
            try (SharedDict d = SharedDict.create(ShmLeakCheck.name("cdict"), 4, 6 * ChunkHeap.CHUNK_SIZE,
                ShmOptions.defaults().withStripes(1)))
            {
                try
                {
                    final DictStore store = (DictStore)d.stripedStore();
                    // two keys of one bucket: the later one heads the chain, the earlier one hangs from its Next
                    final String p = "p";
                    String q = null;
                    for (int i = 0; null == q; i++)
                    {
                        final String k = "q" + i;
                        if (store.bucketOf(hash(k)) == store.bucketOf(hash(p)))
                        {
                            q = k;
                        }
                    }
                    d.put(b("f"), b("0"));
                    d.put(b(q), b(pattern('Q', 70)));
                    d.put(b(p), b("1"));
                    d.remove(b("f"));
                    // f was chunk 0, q is 1..3, p is 4; p heads the chain and q hangs from p's Next field
                    final int pAt = store.heap(0).offset(4);
                    assertEquals(2, store.next(pAt), "q is the entry after p in the chain");
                    interruptedMove(d, 0, DictDescriptor.HEADER_LENGTH + DictDescriptor.MOVE_OFFSET,
                        pAt + DictDescriptor.NEXT_OFFSET, 1, 0, 3, done, done < 3, false);
                    assertEquals(pattern('Q', 70), s(d.get(b(q))), what);
                    assertEquals("1", s(d.get(b(p))), what);
                    assertEquals(2, d.size(), what);
                    assertEquals(1, d.repairs(), what);
                    assertEquals(4 * 32L, d.usedBytes(), what);
                    // q now at 0..2, p at 4: free {3, 5}; a 2-chunk entry compacts once more, and all is kept
                    d.put(b("g"), b(pattern('G', 40)));
                    assertEquals(1, d.compactions(), what);
                    assertEquals(pattern('Q', 70), s(d.get(b(q))), what);
                    assertEquals("1", s(d.get(b(p))), what);
                    assertEquals(pattern('G', 40), s(d.get(b("g"))), what);
                }
                finally
                {
                    d.unlink();
                }
            }
        }
    }

    private static int hash(final String k)
    {
        final byte[] bytes = b(k);
        return DictDescriptor.hash(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void shouldRefuseAJournalThatPointsOutsideTheHeapOrAtAWordThatIsNoLink()
    {
        // a move's source past the heap; a link at the list's Size word (not an index slot)
        final int[][] corruptions = {{HeapCompactor.FROM, 40}, {HeapCompactor.LINK, ListDescriptor.SIZE_OFFSET}};
        for (final int[] c : corruptions)
        {
            try (SharedList l = fragmentedList())
            {
                try
                {
                    interruptedMove(l, 0, ListDescriptor.MOVE_OFFSET, ListDescriptor.slotOffset(1), 1, 0, 3, 0, false,
                        false);
                    l.buffer.putInt(ListDescriptor.MOVE_OFFSET + c[0], c[1]);
                    final RuntimeException ex = assertThrows(io.shmkit.segment.SegmentFormatException.class,
                        () -> l.get(0));
                    assertTrue(ex.getMessage().contains("compaction journal"), ex.getMessage());
                    assertEquals(2, l.size(), "nothing written");
                }
                finally
                {
                    l.unlink();
                }
            }
        }
    }
}
