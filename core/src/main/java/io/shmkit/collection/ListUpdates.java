package io.shmkit.collection;

import static io.shmkit.collection.ListDescriptor.*;

import java.util.NoSuchElementException;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The mutations of a {@link SharedList}, each under the list's lock, following the publish rule of
 * {@link SharedCollection}.
 *
 * <p><b>Note:</b> thread-safe and process-safe through the list's lock.
 */
final class ListUpdates
{
    private static final int STRIPE = 0;

    private final SharedList list;
    private final ListStore store;
    private final UnsafeBuffer buffer;

    // DELIBERATE REPEATS: the collections' helpers (DictReads, DictUpdates, ListUpdates) are built alike.
    ListUpdates(final SharedList list, final ListStore store)
    {
        this.list = list;
        this.store = store;
        this.buffer = list.buffer;
    }

    /** See {@link SharedList#add(DirectBuffer, int, int)}. */
    int add(final DirectBuffer source, final int offset, final int length)
    {
        source.boundsCheck(offset, length);
        checkRecordLength(length);
        list.lock(STRIPE);
        try
        {
            final int size = store.size();
            if (size >= store.capacity())
            {
                throw new CapacityExceededException("list '" + list.name() + "' is full: " + size + " records of " +
                    store.capacity());
            }
            list.begin(STRIPE, OP_ADD);
            final int chunk = write(source, offset, length, OP_ADD);
            buffer.putInt(slotOffset(size), chunk + 1);
            // NOTE: the publish: the record and its slot are written BEFORE the size that makes them reachable.
            buffer.putIntRelease(SIZE_OFFSET, size + 1);
            list.end(STRIPE);
            return size;
        }
        finally
        {
            list.unlock(STRIPE);
        }
    }

    /** See {@link SharedList#set}. */
    byte[] set(final int index, final byte[] record)
    {
        checkRecordLength(record.length);
        list.lock(STRIPE);
        try
        {
            final byte[] previous = store.record(store.checkIndex(index));
            list.begin(STRIPE, OP_SET);
            final int chunk = write(new UnsafeBuffer(record), 0, record.length, OP_SET);
            // read after the write: a compaction may have moved the old record
            final int old = store.chunk(index);
            // NOTE: the publish: one release store swaps the whole record; the old one is freed only after it.
            buffer.putIntRelease(slotOffset(index), chunk + 1);
            store.free(old, previous.length);
            list.end(STRIPE);
            return previous;
        }
        finally
        {
            list.unlock(STRIPE);
        }
    }

    /** See {@link SharedList#removeLast}. */
    byte[] removeLast()
    {
        list.lock(STRIPE);
        try
        {
            final int size = store.size();
            if (size == 0)
            {
                throw new NoSuchElementException("list '" + list.name() + "' is empty");
            }
            final byte[] last = store.record(size - 1);
            list.begin(STRIPE, OP_REMOVE_LAST);
            buffer.putIntRelease(SIZE_OFFSET, size - 1);
            store.free(store.chunk(size - 1), last.length);
            list.end(STRIPE);
            return last;
        }
        finally
        {
            list.unlock(STRIPE);
        }
    }

    /** See {@link SharedList#clear}. */
    void clear()
    {
        list.lock(STRIPE);
        try
        {
            list.begin(STRIPE, OP_CLEAR);
            buffer.putIntRelease(SIZE_OFFSET, 0);
            store.heap().reset();
            list.end(STRIPE);
        }
        finally
        {
            list.unlock(STRIPE);
        }
    }

    /** Allocate and fill a record, compacting the heap if it must; the caller has begun mutation {@code op}. */
    private int write(final DirectBuffer source, final int offset, final int length, final int op)
    {
        int chunk = store.write(source, offset, length);
        if (chunk < 0 && list.compactFor(STRIPE, RECORD_HEADER_LENGTH + length, op))
        {
            chunk = store.write(source, offset, length);
        }
        if (chunk < 0)
        {
            list.end(STRIPE);
            throw new CapacityExceededException("list '" + list.name() + "' has too few free chunks for a record " +
                "of " + length + " bytes (" + store.heap().usedChunks() + " of " + store.heap().chunkCount() +
                " chunks used)");
        }
        return chunk;
    }

    private void checkRecordLength(final int length)
    {
        if (length > list.maxRecordLength())
        {
            throw new IllegalArgumentException("a record of " + length + " bytes is larger than list '" + list.name() +
                "' can hold (" + list.maxRecordLength() + " bytes at most)");
        }
    }
}
