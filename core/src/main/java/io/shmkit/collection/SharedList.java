package io.shmkit.collection;

import static io.shmkit.collection.ListDescriptor.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.internal.segment.Segment;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * A list of byte records in a named shared-memory segment: Python's {@code Manager().list()} without a server.
 * Any process opens it by name; {@link #add} appends, {@link #get} and {@link #set} work by index,
 * {@link #removeLast} and {@link #clear} remove. Typed views through a {@link RecordCodec}: {@link #asList}.
 *
 * <p><b>Capacity.</b> Fixed at creation: at most {@link #capacity()} records, and a heap of
 * {@link #capacityBytes()} bytes in 32-byte chunks, a record taking {@code ceil((8 + length) / 32)} contiguous
 * chunks. A record longer than the heap can ever hold is an {@link IllegalArgumentException}; one that does not
 * fit now (count at capacity, or fewer free chunks than it takes) a {@link CapacityExceededException}, with
 * nothing changed. Space of removed and replaced records is reused. {@link #set} needs room for the new record
 * before the old one is freed. Free chunks scattered by removals and replacements are gathered when a record needs
 * them: the heap is compacted under the lock ({@link #compactions()}), so whether a record fits never depends on
 * where the others lie.
 *
 * <p><b>Consistency.</b> Every operation is atomic and linearizable: it runs under the list's lock, reads
 * included, with the memory effects of {@link io.shmkit.ShmLock} (acquire by a volatile compare-and-set, release
 * by a release store). {@link #size()} is a volatile read without the lock. {@link #iterator()} is <em>weakly
 * consistent</em>: it reads index 0, 1, 2, ... each under the lock at the time of the read, never throws
 * {@code ConcurrentModificationException}, returns every record that stays at its index during the iteration,
 * and stops at the first index beyond the size at that time; {@link #snapshot()} copies the whole list under one
 * hold of the lock. Crash safety: see {@link SharedCollection}.
 *
 * <p><b>Note:</b> thread-safe and process-safe. Callbacks ({@link RecordReader}) run under the lock and must not
 * use this list.
 */
public final class SharedList extends SharedCollection implements Iterable<byte[]>
{
    private static final int STRIPE = 0;

    private final ListStore store;
    private final ListUpdates updates;

    private SharedList(final Segment segment)
    {
        super(segment, "list");
        requireFormat(segment, "list", buffer.getInt(ListDescriptor.FORMAT_OFFSET), ListDescriptor.FORMAT);
        requireLength(segment, ListStore.describedLength(buffer, segment.layout().stripeCount()));
        this.store = new ListStore(buffer, segment.name());
        this.updates = new ListUpdates(this, store);
    }

    /**
     * Create a list with default options.
     *
     * @param name       segment name.
     * @param maxRecords most records it holds, at least 1.
     * @param maxBytes   bytes of its heap, at least 1 (rounded up to 32-byte chunks; each record adds 8).
     * @return the new, empty list.
     * @throws IllegalArgumentException     if the name is invalid or a capacity out of range.
     * @throws java.io.UncheckedIOException if the name exists or the segment cannot be created.
     */
    public static SharedList create(final String name, final int maxRecords, final long maxBytes)
    {
        return create(name, maxRecords, maxBytes, ShmOptions.defaults());
    }

    /**
     * Create a list.
     *
     * @param name       segment name.
     * @param maxRecords most records it holds, at least 1.
     * @param maxBytes   bytes of its heap, at least 1 (rounded up to 32-byte chunks; each record adds 8).
     * @param options    root and persistence.
     * @return the new, empty list.
     * @throws IllegalArgumentException     if the name is invalid or a capacity out of range.
     * @throws java.io.UncheckedIOException if the name exists or the segment cannot be created.
     */
    public static SharedList create(final String name, final int maxRecords, final long maxBytes,
        final ShmOptions options)
    {
        if (maxRecords < 1 || maxBytes < 1 || maxBytes > MAX_REGION)
        {
            throw new IllegalArgumentException("maxRecords=" + maxRecords + " maxBytes=" + maxBytes +
                ": both must be at least 1, and maxBytes at most " + MAX_REGION);
        }
        final int chunks = ChunkHeap.chunksFor((int)maxBytes);
        final long length = regionLength(maxRecords, chunks);
        return new SharedList(create(name, SegmentKind.LIST, length, 1, options, b ->
        {
            b.putInt(CAPACITY_OFFSET, maxRecords);
            b.putInt(CHUNK_SIZE_OFFSET, ChunkHeap.CHUNK_SIZE);
            b.putInt(CHUNK_COUNT_OFFSET, chunks);
            b.putInt(FORMAT_OFFSET, FORMAT);
        }));
    }

    /**
     * Open an existing list with default options.
     *
     * @param name the segment name.
     * @return the list.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit list, or its header is corrupted.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedList open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open an existing list.
     *
     * @param name    the segment name.
     * @param options root directory and open timeout.
     * @return the list.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit list, or its header is corrupted.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedList open(final String name, final ShmOptions options)
    {
        return new SharedList(open(name, SegmentKind.LIST, options));
    }

    /**
     * The most records the list holds.
     *
     * @return the record capacity, fixed at creation.
     */
    public int capacity()
    {
        return store.capacity();
    }

    /**
     * The longest record the list can ever hold.
     *
     * @return the heap's bytes less a record header.
     */
    public int maxRecordLength()
    {
        return (int)Math.min(Integer.MAX_VALUE, store.heap().maxBytes() - RECORD_HEADER_LENGTH);
    }

    /**
     * Append a copy of {@code record}.
     *
     * @param record the bytes.
     * @return the record's index.
     * @throws IllegalArgumentException   if the record is longer than {@link #maxRecordLength()}.
     * @throws CapacityExceededException  if the list is full (records or bytes).
     * @throws IllegalStateException      if closed.
     * @throws NullPointerException       if {@code record} is null.
     */
    public int add(final byte[] record)
    {
        return add(new UnsafeBuffer(record), 0, record.length);
    }

    /**
     * Append a copy of {@code length} bytes of {@code source} from {@code offset}, without an intermediate copy.
     *
     * @param source a buffer.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the record's index.
     * @throws IndexOutOfBoundsException if the range is not inside {@code source}.
     * @throws IllegalArgumentException  if {@code length} exceeds {@link #maxRecordLength()}.
     * @throws CapacityExceededException if the list is full (records or bytes).
     * @throws IllegalStateException     if closed.
     */
    public int add(final DirectBuffer source, final int offset, final int length)
    {
        return updates.add(source, offset, length);
    }

    /**
     * A copy of record {@code index}.
     *
     * @param index from 0 to {@code size() - 1}.
     * @return its bytes.
     * @throws IndexOutOfBoundsException if {@code index} is out of range.
     * @throws IllegalStateException     if closed.
     */
    public byte[] get(final int index)
    {
        return read(index, ListStore::copy);
    }

    /**
     * Read record {@code index} in place, under the lock (zero-copy).
     *
     * @param index  from 0 to {@code size() - 1}.
     * @param reader what to do with the record's bytes.
     * @param <R>    the reader's result type.
     * @return what the reader returned.
     * @throws IndexOutOfBoundsException if {@code index} is out of range.
     * @throws IllegalStateException     if closed.
     */
    public <R> R read(final int index, final RecordReader<R> reader)
    {
        lock(STRIPE);
        try
        {
            final int at = store.recordOffset(store.checkIndex(index));
            return reader.read(buffer, at + RECORD_HEADER_LENGTH, store.length(at));
        }
        finally
        {
            unlock(STRIPE);
        }
    }

    /**
     * Replace record {@code index} with a copy of {@code record}; the old record's space is freed.
     *
     * @param index  from 0 to {@code size() - 1}.
     * @param record the new bytes.
     * @return the previous record's bytes.
     * @throws IndexOutOfBoundsException if {@code index} is out of range.
     * @throws IllegalArgumentException  if the record is longer than {@link #maxRecordLength()}.
     * @throws CapacityExceededException if there is no room for the new record beside the old one.
     * @throws IllegalStateException     if closed.
     * @throws NullPointerException      if {@code record} is null.
     */
    public byte[] set(final int index, final byte[] record)
    {
        return updates.set(index, record);
    }

    /**
     * Remove the last record and free its space (Python's {@code list.pop()}).
     *
     * @return its bytes.
     * @throws NoSuchElementException if the list is empty.
     * @throws IllegalStateException  if closed.
     */
    public byte[] removeLast()
    {
        return updates.removeLast();
    }

    /**
     * Remove every record and free all space.
     *
     * @throws IllegalStateException if closed.
     */
    public void clear()
    {
        updates.clear();
    }

    /**
     * A copy of every record, taken under one hold of the lock: a consistent snapshot.
     *
     * @return the records in index order.
     * @throws IllegalStateException if closed.
     */
    public List<byte[]> snapshot()
    {
        lock(STRIPE);
        try
        {
            final int size = store.size();
            final List<byte[]> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++)
            {
                out.add(store.record(i));
            }
            return out;
        }
        finally
        {
            unlock(STRIPE);
        }
    }

    /**
     * A weakly consistent iterator over copies of the records (see the class comment); {@code remove} is not
     * supported.
     *
     * @return an iterator.
     */
    @Override
    public Iterator<byte[]> iterator()
    {
        return ListStore.cursor(this::getOrNull);
    }

    /**
     * A {@link java.util.List} view of typed values: {@code get}, {@code set}, {@code add} (append), {@code size},
     * {@code clear} and iteration map to this list's operations through {@code codec}, with their atomicity and
     * consistency; inserting or removing at an index is not supported. Equality and hash code are
     * {@link java.util.AbstractList}'s, over the decoded values.
     *
     * @param codec how values become records.
     * @param <T>   the value type.
     * @return the view.
     */
    public <T> List<T> asList(final RecordCodec<T> codec)
    {
        return new TypedList<>(this, codec);
    }

    byte[] getOrNull(final int index)
    {
        lock(STRIPE);
        try
        {
            return index < store.size() ? store.record(index) : null;
        }
        finally
        {
            unlock(STRIPE);
        }
    }

    @Override
    StripedStore stripedStore()
    {
        return store;
    }
}
