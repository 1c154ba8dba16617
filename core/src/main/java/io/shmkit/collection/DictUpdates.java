package io.shmkit.collection;

import static io.shmkit.collection.DictDescriptor.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The mutations of a {@link SharedDict}, each under its key's stripe lock, following the publish rule of
 * {@link SharedCollection}, and its weakly consistent iterator.
 *
 * <p><b>Note:</b> thread-safe and process-safe through the dict's locks.
 */
final class DictUpdates
{
    /** What an update does with the current value (null if absent): the new value, the same array to keep it, or
     * null to remove. */
    @FunctionalInterface
    interface Update
    {
        byte[] apply(byte[] current);
    }

    private final SharedDict dict;
    private final DictStore store;
    private final DictReads reads;

    DictUpdates(final SharedDict dict, final DictStore store, final DictReads reads)
    {
        this.dict = dict;
        this.store = store;
        this.reads = reads;
    }

    /** Apply {@code u} to the key's current value under its stripe lock; return the previous value. */
    byte[] update(final byte[] key, final Update u)
    {
        final UnsafeBuffer k = new UnsafeBuffer(key);
        final int hash = hash(k, 0, key.length);
        final int s = store.stripeOf(hash);
        dict.lock(s);
        try
        {
            final long found = store.find(s, hash, k, 0, key.length);
            final int link = (int)(found >>> 32);
            final int ptr = (int)found;
            final int at = ptr == 0 ? 0 : store.foundOffset(s, ptr);
            final byte[] current = ptr == 0 ? null : store.value(at);
            final byte[] next = u.apply(current);
            if (next == current || Arrays.equals(next, current))
            {
                return current; // unchanged (a compute gets a copy, a typed view re-encodes): nothing is written
            }
            if (null == next)
            {
                dict.begin(s, OP_REMOVE);
                // NOTE: the publish: one release store unlinks the entry; its chunks are freed only after it.
                store.publish(link, store.next(at));
                store.free(s, ptr, at);
                store.addCount(s, -1);
                dict.end(s);
                return current;
            }
            final UnsafeBuffer v = new UnsafeBuffer(next);
            if (ptr == 0 || !overwrite(s, ptr, at, v, 0, next.length))
            {
                insertOrReplace(s, hash, k, 0, key.length, link, ptr, at, v, 0, next.length);
            }
            return current;
        }
        finally
        {
            dict.unlock(s);
        }
    }

    /** Replace the key's value by {@code replacement} (null: remove it) if it equals {@code expected}. */
    boolean updateIfEquals(final byte[] key, final byte[] expected, final byte[] replacement)
    {
        final boolean[] done = new boolean[1];
        update(key, current ->
        {
            done[0] = Arrays.equals(current, expected);
            return done[0] ? replacement : current;
        });
        return done[0];
    }

    /** See {@link SharedDict#compute}. */
    byte[] compute(final byte[] key, final BiFunction<byte[], byte[], byte[]> function)
    {
        final byte[][] result = new byte[1][];
        update(key, current ->
        {
            result[0] = function.apply(key, null == current ? null : current.clone());
            return result[0];
        });
        return result[0];
    }

    /** Remove every entry, one stripe at a time under its lock. */
    void clear()
    {
        for (int s = 0; s < store.stripes(); s++)
        {
            dict.lock(s);
            try
            {
                dict.begin(s, OP_CLEAR);
                store.clear(s);
                dict.end(s);
            }
            finally
            {
                dict.unlock(s);
            }
        }
    }

    /**
     * Associate a value with a key, both read in place from the caller's buffers.
     *
     * @return a copy of the previous value if {@code previous} and the key was present, else null.
     */
    byte[] put(final DirectBuffer key, final int keyOffset, final int keyLength, final DirectBuffer value,
        final int valueOffset, final int valueLength, final boolean previous)
    {
        key.boundsCheck(keyOffset, keyLength);
        value.boundsCheck(valueOffset, valueLength);
        final int hash = hash(key, keyOffset, keyLength);
        final int s = store.stripeOf(hash);
        dict.lock(s);
        try
        {
            final long found = store.find(s, hash, key, keyOffset, keyLength);
            final int ptr = (int)found;
            final int at = ptr == 0 ? 0 : store.foundOffset(s, ptr);
            final byte[] old = previous && ptr != 0 ? store.value(at) : null;
            if (ptr == 0 || !overwrite(s, ptr, at, value, valueOffset, valueLength))
            {
                insertOrReplace(s, hash, key, keyOffset, keyLength, (int)(found >>> 32), ptr, at, value, valueOffset,
                    valueLength);
            }
            return old;
        }
        finally
        {
            dict.unlock(s);
        }
    }

    /**
     * Overwrite entry {@code ptr}'s value in place if the new one has its length and fits the journal: the old
     * bytes are journalled, then Dirty is set, then the value is written, then Dirty is cleared; no allocation, no
     * link changes.
     *
     * @return false (nothing done) if the value does not qualify.
     */
    private boolean overwrite(final int s, final int ptr, final int at, final DirectBuffer value, final int offset,
        final int length)
    {
        if (!store.overwritable(at, length))
        {
            return false;
        }
        store.journal(s, ptr, at);
        dict.begin(s, OP_OVERWRITE);
        store.overwrite(at, value, offset, length);
        dict.end(s);
        return true;
    }

    private void insertOrReplace(
        final int s, final int hash, final DirectBuffer key, final int keyOffset, final int keyLength, final int link0,
        final int ptr0, final int at0, final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        int link = link0;
        int ptr = ptr0;
        int at = at0;
        final long bytes = ENTRY_HEADER_LENGTH + (long)keyLength + valueLength;
        if (bytes > store.heap(s).maxBytes())
        {
            throw new IllegalArgumentException("an entry of a " + keyLength + "-byte key and a " + valueLength +
                "-byte value is larger than a stripe of dict '" + dict.name() + "' can hold (" +
                store.heap(s).maxBytes() + " bytes with a " + ENTRY_HEADER_LENGTH + "-byte header)");
        }
        if (ptr == 0 && store.count(s) >= store.entriesPerStripe())
        {
            throw new CapacityExceededException("dict '" + dict.name() + "': stripe " + s + " is full (" +
                store.entriesPerStripe() + " entries)");
        }
        final int op = ptr == 0 ? OP_INSERT : OP_REPLACE;
        dict.begin(s, op);
        int fresh = store.write(s, hash, key, keyOffset, keyLength, value, valueOffset, valueLength,
            ptr == 0 ? store.target(link) : store.next(at));
        if (fresh == 0 && dict.compactFor(s, (int)bytes, op))
        {
            // every entry may have moved, and with them the links: find the key's place again
            final long found = store.find(s, hash, key, keyOffset, keyLength);
            link = (int)(found >>> 32);
            ptr = (int)found;
            at = ptr == 0 ? 0 : store.foundOffset(s, ptr);
            fresh = store.write(s, hash, key, keyOffset, keyLength, value, valueOffset, valueLength,
                ptr == 0 ? store.target(link) : store.next(at));
        }
        if (fresh == 0)
        {
            dict.end(s);
            throw new CapacityExceededException("dict '" + dict.name() + "': stripe " + s + " has too few free " +
                "chunks for an entry of " + bytes + " bytes (" + store.heap(s).usedChunks() + " of " +
                store.heap(s).chunkCount() + " chunks used)");
        }
        // NOTE: the publish: an insertion links the new entry at its bucket's head, a replacement swaps it for the
        // old one in the chain; one release store either way, and the old entry is freed only after it.
        store.publish(link, fresh);
        if (ptr == 0)
        {
            store.addCount(s, 1);
        }
        else
        {
            store.free(s, ptr, at);
        }
        dict.end(s);
    }

    Iterator<Map.Entry<byte[], byte[]>> iterator()
    {
        return new Iterator<Map.Entry<byte[], byte[]>>()
        {
            private final List<Map.Entry<byte[], byte[]>> batch = new ArrayList<>();
            private int stripe;
            private int next;

            @Override
            public boolean hasNext()
            {
                while (next == batch.size() && stripe < store.stripes())
                {
                    batch.clear();
                    next = 0;
                    reads.copyStripe(stripe++, batch);
                }
                return next < batch.size();
            }

            @Override
            public Map.Entry<byte[], byte[]> next()
            {
                if (!hasNext())
                {
                    throw new NoSuchElementException();
                }
                return batch.get(next++);
            }
        };
    }
}
