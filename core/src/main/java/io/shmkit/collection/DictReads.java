package io.shmkit.collection;

import static io.shmkit.collection.DictDescriptor.*;

import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The reads of a {@link SharedDict}: a value in place under its stripe lock, a stripe's copy for the iterator, and
 * the lock-free sums of counts and heap use.
 *
 * <p><b>Note:</b> thread-safe and process-safe through the dict's locks.
 */
final class DictReads
{
    private final SharedDict dict;
    private final DictStore store;
    private final UnsafeBuffer buffer;

    // DELIBERATE REPEATS: the collections' helpers (DictReads, DictUpdates, ListUpdates) are built alike.
    DictReads(final SharedDict dict, final DictStore store)
    {
        this.dict = dict;
        this.store = store;
        this.buffer = dict.buffer;
    }

    /** See {@link SharedDict#read}. */
    <R> R read(final DirectBuffer key, final int offset, final int length, final RecordReader<R> reader)
    {
        key.boundsCheck(offset, length);
        final int hash = hash(key, offset, length);
        final int s = store.stripeOf(hash);
        dict.lock(s);
        try
        {
            final int ptr = (int)store.find(s, hash, key, offset, length);
            if (ptr == 0)
            {
                return null;
            }
            final int at = store.foundOffset(s, ptr);
            return reader.read(buffer, store.valueOffset(at), store.valueLength(at));
        }
        finally
        {
            dict.unlock(s);
        }
    }

    /** Copy stripe {@code s}'s entries into {@code out} under its lock. */
    void copyStripe(final int s, final List<Map.Entry<byte[], byte[]>> out)
    {
        dict.lock(s);
        try
        {
            store.copyEntries(s, out);
        }
        finally
        {
            dict.unlock(s);
        }
    }
}
