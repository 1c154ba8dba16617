package io.shmkit.collection;

import static io.shmkit.collection.DictDescriptor.*;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The stripes of a {@link SharedDict}'s region: chains of entries hanging from bucket heads, each stripe with its
 * own chunk heap. Every method runs under the lock of the stripe it names; the caller brackets mutations with the
 * dirty word. Pointers are a first chunk + 1 (0 ends a chain), checked against the heap before they are followed.
 *
 * <p><b>Note:</b> not thread-safe by itself: used under the stripe locks.
 */
final class DictStore implements StripedStore
{
    private final UnsafeBuffer buffer;
    private final int stripes;
    private final int stripeShift;
    private final int buckets;
    private final int entries;
    private final int stripeLength;
    private final ChunkHeap[] heaps;
    private final HeapCompactor[] compactors;
    private final String name;

    DictStore(final UnsafeBuffer buffer, final String name)
    {
        this.buffer = buffer;
        this.name = name;
        this.stripes = buffer.getInt(STRIPES_OFFSET);
        this.stripeShift = Integer.numberOfTrailingZeros(stripes);
        this.buckets = buffer.getInt(BUCKETS_OFFSET);
        this.entries = buffer.getInt(ENTRIES_OFFSET);
        this.stripeLength = buffer.getInt(STRIPE_LENGTH_OFFSET);
        final int chunks = buffer.getInt(CHUNKS_OFFSET);
        this.heaps = new ChunkHeap[stripes];
        this.compactors = new HeapCompactor[stripes];
        for (int s = 0; s < stripes; s++)
        {
            final int base = stripeOffset(s, stripeLength);
            heaps[s] = new ChunkHeap(buffer, base + HINT_OFFSET, base + USED_OFFSET,
                base + (int)bitsetOffset(buckets), base + (int)heapOffset(buckets, chunks), chunks, name);
            compactors[s] = new HeapCompactor(buffer, heaps[s], base + MOVE_OFFSET);
        }
    }

    /** The length the region's header describes, or -1 if its fields are out of range. */
    static long describedLength(final UnsafeBuffer b, final int lockSlots)
    {
        final int s = b.getInt(STRIPES_OFFSET);
        final int bk = b.getInt(BUCKETS_OFFSET);
        final int c = b.getInt(CHUNKS_OFFSET);
        if (b.getInt(FORMAT_OFFSET) != FORMAT || b.getInt(CHUNK_SIZE_OFFSET) != ChunkHeap.CHUNK_SIZE ||
            s != lockSlots ||
            Integer.bitCount(s) != 1 || bk < 1 || Integer.bitCount(bk) != 1 || c < 1 || b.getInt(ENTRIES_OFFSET) < 1 ||
            b.getInt(STRIPE_LENGTH_OFFSET) != stripeLength(bk, c))
        {
            return -1;
        }
        return regionLength(s, bk, c);
    }

    @Override
    public int stripes()
    {
        return stripes;
    }

    int entriesPerStripe()
    {
        return entries;
    }

    @Override
    public int compactionsOffset(final int s)
    {
        return stripeOffset(s, stripeLength) + COMPACTIONS_OFFSET;
    }

    @Override
    public ChunkHeap heap(final int s)
    {
        return heaps[s];
    }

    @Override
    public HeapCompactor compactor(final int s)
    {
        return compactors[s];
    }

    /** Every entry reachable from stripe {@code s}'s buckets, each checked against the heap. */
    @Override
    public void forEach(final int s, final HeapCompactor.Sink sink)
    {
        int n = 0;
        for (int b = 0; b < buckets; b++)
        {
            int ptr = buffer.getInt(bucketOffset(s, b));
            while (ptr != 0)
            {
                final int at = entryOffset(s, ptr);
                if (++n > entries)
                {
                    throw heaps[s].corrupted("stripe " + s + " reaches more entries than its capacity " + entries);
                }
                sink.accept(ptr - 1, ENTRY_HEADER_LENGTH + buffer.getInt(at + KEY_LENGTH_OFFSET) + valueLength(at), 0);
                ptr = next(at);
            }
        }
    }

    /** A bucket head of stripe {@code s}, or the Next field of a chunk of its heap (where an entry starts). */
    @Override
    public boolean isLink(final int s, final int offset)
    {
        final int buckets0 = bucketOffset(s, 0);
        final int heap0 = heaps[s].offset(0);
        return offset >= buckets0 && offset < bucketOffset(s, buckets) && (offset & (Integer.BYTES - 1)) == 0 ||
            offset >= heap0 && offset < heaps[s].offset(heaps[s].chunkCount()) &&
                ((offset - heap0) & (ChunkHeap.CHUNK_SIZE - 1)) == NEXT_OFFSET;
    }

    /** The link that points at the entry at {@code chunk}: its bucket head, or its predecessor's Next field. */
    @Override
    public int linkTo(final int s, final int chunk, final int hint)
    {
        int link = bucketOffset(s, bucketOf(buffer.getInt(heaps[s].offset(chunk) + HASH_OFFSET)));
        int steps = 0;
        while (buffer.getInt(link) != chunk + 1)
        {
            final int ptr = buffer.getInt(link);
            if (ptr == 0 || ++steps > entries)
            {
                throw heaps[s].corrupted("the entry at chunk " + chunk + " of stripe " + s + " is not in its " +
                    "hash's chain");
            }
            link = entryOffset(s, ptr) + NEXT_OFFSET;
        }
        return link;
    }

    int stripeOf(final int hash)
    {
        return hash & (stripes - 1);
    }

    @Override
    public int countOffset(final int s)
    {
        return stripeOffset(s, stripeLength) + COUNT_OFFSET;
    }

    @Override
    public int dirtyOffset(final int s)
    {
        return stripeOffset(s, stripeLength) + DIRTY_OFFSET;
    }

    @Override
    public int repairsOffset(final int s)
    {
        return stripeOffset(s, stripeLength) + REPAIRS_OFFSET;
    }

    private int bucketOffset(final int s, final int b)
    {
        return stripeOffset(s, stripeLength) + BUCKETS_START + b * Integer.BYTES;
    }

    int bucketOf(final int hash)
    {
        return (hash >>> stripeShift) & (buckets - 1);
    }

    /**
     * Find a key in its stripe.
     *
     * @return the offset of the link that points to the entry (a bucket head or a Next field) in the high 32 bits
     *         and the entry's pointer in the low 32, or the bucket head's offset and 0 if the key is absent.
     */
    long find(final int s, final int hash, final DirectBuffer key, final int offset, final int length)
    {
        int link = bucketOffset(s, bucketOf(hash));
        int ptr = buffer.getInt(link);
        int steps = 0;
        while (ptr != 0)
        {
            final int at = entryOffset(s, ptr);
            if (buffer.getInt(at + HASH_OFFSET) == hash && buffer.getInt(at + KEY_LENGTH_OFFSET) == length &&
                sameBytes(at + ENTRY_HEADER_LENGTH, key, offset, length))
            {
                return ((long)link << 32) | (ptr & 0xFFFF_FFFFL);
            }
            if (++steps > entries)
            {
                throw heaps[s].corrupted("a chain of stripe " + s + " is longer than the stripe's capacity (a cycle?)");
            }
            link = at + NEXT_OFFSET;
            ptr = buffer.getInt(link);
        }
        return (long)bucketOffset(s, bucketOf(hash)) << 32;
    }

    /** Offset of entry {@code ptr} of stripe {@code s} as {@link #find} returned it (and checked it) just before. */
    int foundOffset(final int s, final int ptr)
    {
        return heaps[s].offset(ptr - 1);
    }

    /** Offset of entry {@code ptr} of stripe {@code s}, its pointer and lengths checked against the heap. */
    int entryOffset(final int s, final int ptr)
    {
        final ChunkHeap heap = heaps[s];
        heap.check(ptr - 1, ENTRY_HEADER_LENGTH);
        final int at = heap.offset(ptr - 1);
        final long total = ENTRY_HEADER_LENGTH + (long)buffer.getInt(at + KEY_LENGTH_OFFSET) +
            buffer.getInt(at + VALUE_LENGTH_OFFSET);
        if (buffer.getInt(at + KEY_LENGTH_OFFSET) < 0 || buffer.getInt(at + VALUE_LENGTH_OFFSET) < 0)
        {
            throw heap.corrupted("an entry of stripe " + s + " has a negative length");
        }
        heap.check(ptr - 1, total);
        return at;
    }

    int valueOffset(final int at)
    {
        return at + ENTRY_HEADER_LENGTH + buffer.getInt(at + KEY_LENGTH_OFFSET);
    }

    int valueLength(final int at)
    {
        return buffer.getInt(at + VALUE_LENGTH_OFFSET);
    }

    byte[] value(final int at)
    {
        return ListStore.copy(buffer, valueOffset(at), valueLength(at));
    }

    /**
     * Allocate and write a new entry, not yet reachable.
     *
     * @return its pointer, or 0 if no run of free chunks is long enough.
     */
    int write(final int s, final int hash, final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength, final int next)
    {
        final int chunk = heaps[s].allocate(ENTRY_HEADER_LENGTH + keyLength + valueLength);
        if (chunk < 0)
        {
            return 0;
        }
        final int at = heaps[s].offset(chunk);
        buffer.putInt(at + NEXT_OFFSET, next);
        buffer.putInt(at + HASH_OFFSET, hash);
        buffer.putInt(at + KEY_LENGTH_OFFSET, keyLength);
        buffer.putInt(at + VALUE_LENGTH_OFFSET, valueLength);
        buffer.putBytes(at + ENTRY_HEADER_LENGTH, key, keyOffset, keyLength);
        buffer.putBytes(at + ENTRY_HEADER_LENGTH + keyLength, value, valueOffset, valueLength);
        return chunk + 1;
    }

    /** The pointer a link (bucket head or Next field) holds. */
    int target(final int link)
    {
        return buffer.getInt(link);
    }

    int next(final int at)
    {
        return buffer.getInt(at + NEXT_OFFSET);
    }

    /** Make {@code ptr} reachable through {@code link}: the one publishing store of every mutation. */
    void publish(final int link, final int ptr)
    {
        // NOTE: release: the entry's every byte is written BEFORE the link that makes it reachable.
        buffer.putIntRelease(link, ptr);
    }

    /** Whether the value of entry {@code at} can be overwritten in place by {@code length} bytes (see journal). */
    boolean overwritable(final int at, final int length)
    {
        return length == valueLength(at) && length <= JOURNAL_CAPACITY;
    }

    /** Save the value of entry {@code ptr} (at {@code at}) in stripe {@code s}'s journal, before Dirty is set. */
    void journal(final int s, final int ptr, final int at)
    {
        final int base = stripeOffset(s, stripeLength);
        final int length = valueLength(at);
        buffer.putInt(base + JOURNAL_ENTRY_OFFSET, ptr);
        buffer.putInt(base + JOURNAL_LENGTH_OFFSET, length);
        buffer.putBytes(base + JOURNAL_BYTES_OFFSET, buffer, valueOffset(at), length);
    }

    /** Overwrite the value of entry {@code at} in place: only after {@link #journal} and with Dirty set. */
    void overwrite(final int at, final DirectBuffer value, final int offset, final int length)
    {
        buffer.putBytes(valueOffset(at), value, offset, length);
    }

    /** Undo an interrupted overwrite of stripe {@code s}: copy the journal's bytes back into its entry. */
    private void undo(final int s)
    {
        final int base = stripeOffset(s, stripeLength);
        final int at = entryOffset(s, buffer.getInt(base + JOURNAL_ENTRY_OFFSET));
        final int length = buffer.getInt(base + JOURNAL_LENGTH_OFFSET);
        if (length < 0 || length > JOURNAL_CAPACITY || length != valueLength(at))
        {
            throw heaps[s].corrupted("stripe " + s + "'s journal holds " + length + " bytes for a value of " +
                valueLength(at));
        }
        buffer.putBytes(valueOffset(at), buffer, base + JOURNAL_BYTES_OFFSET, length);
    }

    void free(final int s, final int ptr, final int at)
    {
        heaps[s].free(ptr - 1, ENTRY_HEADER_LENGTH + buffer.getInt(at + KEY_LENGTH_OFFSET) + valueLength(at));
    }

    void addCount(final int s, final int delta)
    {
        buffer.putIntRelease(countOffset(s), buffer.getInt(countOffset(s)) + delta);
    }

    int count(final int s)
    {
        return buffer.getInt(countOffset(s));
    }

    /** Undo an interrupted overwrite, then rebuild stripe {@code s}'s bitset and count from its chains. */
    @Override
    public void rebuild(final int s)
    {
        if (buffer.getInt(dirtyOffset(s)) == OP_OVERWRITE)
        {
            undo(s);
        }
        heaps[s].forget();
        final int[] n = new int[1];
        forEach(s, (chunk, bytes, hint) ->
        {
            heaps[s].mark(chunk, bytes);
            n[0]++;
        });
        heaps[s].recount();
        buffer.putIntRelease(countOffset(s), n[0]);
    }

    /** Unlink every chain of stripe {@code s} and free its heap. */
    void clear(final int s)
    {
        for (int b = 0; b < buckets; b++)
        {
            buffer.putIntRelease(bucketOffset(s, b), 0);
        }
        heaps[s].reset();
        buffer.putIntRelease(countOffset(s), 0);
    }

    /** Copies of stripe {@code s}'s entries, added to {@code out}. */
    void copyEntries(final int s, final List<Map.Entry<byte[], byte[]>> out)
    {
        for (int b = 0; b < buckets; b++)
        {
            int ptr = buffer.getInt(bucketOffset(s, b));
            int steps = 0;
            while (ptr != 0)
            {
                if (++steps > entries)
                {
                    throw heaps[s].corrupted("a chain of stripe " + s + " is longer than the stripe's capacity " +
                        "(a cycle?)");
                }
                final int at = entryOffset(s, ptr);
                final int keyLength = buffer.getInt(at + KEY_LENGTH_OFFSET);
                final byte[] key = ListStore.copy(buffer, at + ENTRY_HEADER_LENGTH, keyLength);
                out.add(new AbstractMap.SimpleImmutableEntry<>(key, value(at)));
                ptr = next(at);
            }
        }
    }

    private boolean sameBytes(final int at, final DirectBuffer key, final int offset, final int length)
    {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            if (buffer.getLong(at + i) != key.getLong(offset + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (buffer.getByte(at + i) != key.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    String name()
    {
        return name;
    }
}
