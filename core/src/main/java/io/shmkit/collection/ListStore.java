package io.shmkit.collection;

import static io.shmkit.collection.ListDescriptor.*;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The records of a {@link SharedList}'s region: the index, the records it reaches, and their heap. Every method
 * runs under the list's lock; the caller brackets mutations with the dirty word. Pointers and lengths are checked
 * against the heap before they are followed.
 *
 * <p><b>Note:</b> not thread-safe by itself: used under the list's lock.
 */
final class ListStore implements StripedStore
{
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final ChunkHeap heap;
    private final HeapCompactor compactor;

    ListStore(final UnsafeBuffer buffer, final String name)
    {
        this.buffer = buffer;
        this.capacity = buffer.getInt(CAPACITY_OFFSET);
        final int chunks = buffer.getInt(CHUNK_COUNT_OFFSET);
        this.heap = new ChunkHeap(buffer, HINT_OFFSET, USED_OFFSET, (int)bitsetOffset(capacity),
            (int)heapOffset(capacity, chunks), chunks, name);
        this.compactor = new HeapCompactor(buffer, heap, MOVE_OFFSET);
    }

    // DELIBERATE REPEATS: one stripe; the list's words, in the one-line shapes SharedCollection asks for.
    @Override
    public int stripes()
    {
        return 1;
    }

    @Override
    public int dirtyOffset(final int s)
    {
        return DIRTY_OFFSET;
    }

    @Override
    public int repairsOffset(final int s)
    {
        return REPAIRS_OFFSET;
    }

    @Override
    public int countOffset(final int s)
    {
        return SIZE_OFFSET;
    }

    @Override
    public int compactionsOffset(final int s)
    {
        return COMPACTIONS_OFFSET;
    }

    @Override
    public ChunkHeap heap(final int s)
    {
        return heap;
    }

    @Override
    public HeapCompactor compactor(final int s)
    {
        return compactor;
    }

    /** The published records, each with its slot's offset (slots never move). */
    @Override
    public void forEach(final int s, final HeapCompactor.Sink sink)
    {
        final int size = checkedSize();
        for (int i = 0; i < size; i++)
        {
            sink.accept(chunk(i), RECORD_HEADER_LENGTH + length(recordOffset(i)), slotOffset(i));
        }
    }

    @Override
    public int linkTo(final int s, final int chunk, final int hint)
    {
        return hint;
    }

    /** An index slot. */
    @Override
    public boolean isLink(final int s, final int offset)
    {
        return offset >= INDEX_OFFSET && offset < slotOffset(capacity) && (offset & (SLOT_LENGTH - 1)) == 0;
    }

    @Override
    public void rebuild(final int s)
    {
        rebuild();
    }

    /** The length the region's header describes, or -1 if its fields are out of range. */
    static long describedLength(final UnsafeBuffer b, final int lockSlots)
    {
        final int capacity = b.getInt(CAPACITY_OFFSET);
        final int chunks = b.getInt(CHUNK_COUNT_OFFSET);
        if (b.getInt(FORMAT_OFFSET) != FORMAT || b.getInt(CHUNK_SIZE_OFFSET) != ChunkHeap.CHUNK_SIZE ||
            capacity < 1 || chunks < 1 || lockSlots != 1)
        {
            return -1;
        }
        return regionLength(capacity, chunks);
    }

    int capacity()
    {
        return capacity;
    }

    ChunkHeap heap()
    {
        return heap;
    }

    int size()
    {
        return buffer.getInt(SIZE_OFFSET);
    }

    int checkIndex(final int index)
    {
        final int size = size();
        if (index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for size " + size);
        }
        return index;
    }

    /** Offset of record {@code index}'s header, its pointer and length checked against the heap. */
    int recordOffset(final int index)
    {
        final int chunk = buffer.getInt(slotOffset(index)) - 1;
        heap.check(chunk, RECORD_HEADER_LENGTH);
        final int at = heap.offset(chunk);
        final int length = buffer.getInt(at + RECORD_LENGTH_OFFSET);
        if (length < 0)
        {
            throw heap.corrupted("record " + index + " has a negative length " + length);
        }
        heap.check(chunk, RECORD_HEADER_LENGTH + (long)length);
        return at;
    }

    int length(final int at)
    {
        return buffer.getInt(at + RECORD_LENGTH_OFFSET);
    }

    byte[] record(final int index)
    {
        final int at = recordOffset(index);
        return copy(buffer, at + RECORD_HEADER_LENGTH, length(at));
    }

    /**
     * Allocate and fill a record, not yet reachable.
     *
     * @return its first chunk, or -1 if no run of free chunks is long enough.
     */
    int write(final DirectBuffer source, final int offset, final int length)
    {
        final int chunk = heap.allocate(RECORD_HEADER_LENGTH + length);
        if (chunk >= 0)
        {
            final int at = heap.offset(chunk);
            buffer.putInt(at + RECORD_LENGTH_OFFSET, length);
            buffer.putBytes(at + RECORD_HEADER_LENGTH, source, offset, length);
        }
        return chunk;
    }

    /** The first chunk of the record of slot {@code index}. */
    int chunk(final int index)
    {
        return buffer.getInt(slotOffset(index)) - 1;
    }

    /** Free a record's chunks: its first chunk and its length in bytes. */
    void free(final int chunk, final int length)
    {
        heap.free(chunk, RECORD_HEADER_LENGTH + length);
    }

    /** Rebuild the heap's bitset from the published records. */
    void rebuild()
    {
        heap.forget();
        forEach(0, (chunk, bytes, slot) -> heap.mark(chunk, bytes));
        heap.recount();
    }

    private int checkedSize()
    {
        final int size = size();
        if (size < 0 || size > capacity)
        {
            throw heap.corrupted("size " + size + " outside [0, " + capacity + "]");
        }
        return size;
    }

    static byte[] copy(final DirectBuffer b, final int offset, final int length)
    {
        final byte[] out = new byte[length];
        b.getBytes(offset, out);
        return out;
    }

    /**
     * A weakly consistent iterator over indices 0, 1, 2, ...: {@code fetch} returns the record at an index, or null
     * past the end, each call under the lock.
     */
    static Iterator<byte[]> cursor(final IntFunction<byte[]> fetch)
    {
        return new Iterator<byte[]>()
        {
            private int cursor;
            private byte[] next;

            @Override
            public boolean hasNext()
            {
                if (null == next)
                {
                    next = fetch.apply(cursor);
                }
                return null != next;
            }

            @Override
            public byte[] next()
            {
                if (!hasNext())
                {
                    throw new NoSuchElementException();
                }
                final byte[] r = next;
                next = null;
                cursor++;
                return r;
            }
        };
    }
}
