package io.shmkit.collection;

import static io.shmkit.collection.DictDescriptor.*;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.internal.segment.Segment;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * A hash map of byte keys to byte values in a named shared-memory segment: Python's {@code Manager().dict()}
 * without a server. Keys are compared by their bytes. Typed views through {@link RecordCodec}s: {@link #asMap}, a
 * {@link ConcurrentMap}.
 *
 * <p><b>Stripes.</b> Keys hash (MurmurHash3 x86_32) to one of {@link #stripes()} stripes, each with its own lock,
 * buckets and heap; operations on keys of different stripes run in parallel. Every operation, reads included,
 * holds its key's stripe lock, so each is atomic and linearizable, with the memory effects of
 * {@link io.shmkit.ShmLock}; {@link #compute} runs its function under that lock.
 *
 * <p><b>Capacity.</b> Fixed at creation and divided evenly among the stripes: a stripe holds at most
 * {@code capacity() / stripes()} entries and {@code capacityBytes() / stripes()} bytes of heap (an entry takes
 * {@code ceil((16 + key + value) / 32)} contiguous 32-byte chunks). An insertion fails with a
 * {@link CapacityExceededException}, changing nothing, when its key's stripe is full, which with uniform hashing
 * happens before the whole dict is; size with headroom, or choose fewer stripes
 * ({@link ShmOptions#withStripes(int)}). An entry larger than a stripe's heap is an
 * {@link IllegalArgumentException}. Space of removed and replaced entries is reused; a replacement needs room for
 * the new entry before the old one is freed, unless the new value has the old one's length and at most 32 bytes:
 * then it is overwritten in place (journalled, see {@link SharedCollection}) and needs no room. "Room" counts free
 * chunks, wherever they lie: an insertion that finds them scattered compacts its stripe first, under its lock
 * ({@link #compactions()}).
 *
 * <p><b>Consistency.</b> {@link #size()} sums the stripes' counts without locks (volatile reads), like
 * {@code ConcurrentHashMap.size()}. {@link #iterator()} is weakly consistent: it copies one stripe at a time under
 * that stripe's lock, so it returns every entry present and unchanged throughout the iteration exactly once, and
 * each entry it returns was present at some moment; {@link #clear()} clears stripe by stripe. Crash safety: see
 * {@link SharedCollection}.
 *
 * <p><b>Throws:</b> IllegalArgumentException (invalid name or capacity; an entry larger than a stripe's heap),
 * CapacityExceededException (the key's stripe has no room: nothing is changed), IndexOutOfBoundsException (a key or
 * value range outside its buffer), NullPointerException (a null key, value or function), IllegalStateException
 * (closed), UncheckedIOException (name exists, no such segment, cannot be created), SegmentFormatException (not a
 * dict, or its header corrupted).
 *
 * <p><b>Note:</b> thread-safe and process-safe. Callbacks ({@link RecordReader}, the functions of
 * {@link #compute}) run under a stripe lock and must not use this dict.
 */
public final class SharedDict extends SharedCollection implements Iterable<Map.Entry<byte[], byte[]>>
{
    private final DictStore store;
    private final DictUpdates updates;
    private final DictReads reads;

    private SharedDict(final Segment segment)
    {
        super(segment, "dict");
        requireFormat(segment, "dict", buffer.getInt(DictDescriptor.FORMAT_OFFSET), DictDescriptor.FORMAT);
        requireLength(segment, DictStore.describedLength(buffer, segment.layout().stripeCount()));
        this.store = new DictStore(buffer, segment.name());
        this.reads = new DictReads(this, store);
        this.updates = new DictUpdates(this, store, reads);
    }

    /**
     * Create a dict with default options (stripes chosen from the capacity).
     *
     * @param name       segment name.
     * @param maxEntries most entries, at least 1.
     * @param maxBytes   bytes of heap in all, at least 1.
     * @return the new, empty dict.
     * @throws IllegalArgumentException     if the name is invalid or a capacity out of range.
     * @throws java.io.UncheckedIOException if the name exists or the segment cannot be created.
     */
    public static SharedDict create(final String name, final int maxEntries, final long maxBytes)
    {
        return create(name, maxEntries, maxBytes, ShmOptions.defaults());
    }

    /**
     * Create a dict.
     *
     * @param name       segment name.
     * @param maxEntries most entries, at least 1.
     * @param maxBytes   bytes of heap in all, at least 1.
     * @param options    root, persistence and the stripe count ({@link ShmOptions#withStripes(int)}; automatic:
     *                   about one stripe per 256 entries, at most 64).
     * @return the new, empty dict.
     * @throws IllegalArgumentException     if the name is invalid or a capacity out of range.
     * @throws java.io.UncheckedIOException if the name exists or the segment cannot be created.
     */
    public static SharedDict create(final String name, final int maxEntries, final long maxBytes,
        final ShmOptions options)
    {
        return new SharedDict(DictFormat.create(name, maxEntries, maxBytes, options));
    }

    /**
     * Open an existing dict with default options.
     *
     * @param name the segment name.
     * @return the dict.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit dict, or its header is corrupted.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedDict open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open an existing dict.
     *
     * @param name    the segment name.
     * @param options root directory and open timeout.
     * @return the dict.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit dict, or its header is corrupted.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedDict open(final String name, final ShmOptions options)
    {
        return new SharedDict(open(name, SegmentKind.DICT, options));
    }

    /**
     * The number of stripes (lock slots).
     *
     * @return a power of two.
     */
    public int stripes()
    {
        return store.stripes();
    }

    /**
     * The most entries, summed over the stripes.
     *
     * @return the entry capacity.
     */
    public int capacity()
    {
        return store.stripes() * store.entriesPerStripe();
    }

    /**
     * A copy of the value of {@code key}.
     *
     * @param key the key's bytes.
     * @return the value, or null if absent.
     * @throws IllegalStateException if closed.
     * @throws NullPointerException  if {@code key} is null.
     */
    public byte[] get(final byte[] key)
    {
        return read(new UnsafeBuffer(key), 0, key.length, ListStore::copy);
    }

    /**
     * Whether {@code key} is present.
     *
     * @param key the key's bytes.
     * @return true if present.
     * @throws IllegalStateException if closed.
     * @throws NullPointerException  if {@code key} is null.
     */
    public boolean containsKey(final byte[] key)
    {
        return null != read(new UnsafeBuffer(key), 0, key.length, (b, o, l) -> Boolean.TRUE);
    }

    /**
     * Read the value of a key in place, under the stripe lock (zero-copy for key and value).
     *
     * @param key    a buffer holding the key.
     * @param offset the key's first byte.
     * @param length the key's length.
     * @param reader what to do with the value's bytes; not called if the key is absent.
     * @param <R>    the reader's result type.
     * @return what the reader returned, or null if the key is absent.
     * @throws IndexOutOfBoundsException if the key's range is not inside {@code key}.
     * @throws IllegalStateException     if closed.
     */
    public <R> R read(final DirectBuffer key, final int offset, final int length, final RecordReader<R> reader)
    {
        return reads.read(key, offset, length, reader);
    }

    /**
     * Associate {@code value} with {@code key}.
     *
     * @param key   the key's bytes.
     * @param value the value's bytes.
     * @return the previous value, or null if the key was absent.
     * @throws IllegalArgumentException  if the entry is larger than a stripe's heap.
     * @throws CapacityExceededException if the key's stripe has no room (nothing is changed).
     * @throws IllegalStateException     if closed.
     * @throws NullPointerException      if either is null.
     */
    public byte[] put(final byte[] key, final byte[] value)
    {
        Objects.requireNonNull(value, "value");
        return updates.put(new UnsafeBuffer(key), 0, key.length, new UnsafeBuffer(value), 0, value.length, true);
    }

    /**
     * Associate a value with a key, both read in place from the caller's buffers (zero-copy: the bytes are copied
     * once, into the dict); the previous value, if any, is freed without being copied out.
     *
     * @param key         a buffer holding the key.
     * @param keyOffset   the key's first byte.
     * @param keyLength   the key's length.
     * @param value       a buffer holding the value.
     * @param valueOffset the value's first byte.
     * @param valueLength the value's length.
     * @throws IndexOutOfBoundsException if a range is not inside its buffer.
     * @throws IllegalArgumentException  if the entry is larger than a stripe's heap.
     * @throws CapacityExceededException if the key's stripe has no room (nothing is changed).
     * @throws IllegalStateException     if closed.
     */
    public void set(final DirectBuffer key, final int keyOffset, final int keyLength, final DirectBuffer value,
        final int valueOffset, final int valueLength)
    {
        updates.put(key, keyOffset, keyLength, value, valueOffset, valueLength, false);
    }

    /**
     * Associate {@code value} with {@code key} unless it is present.
     *
     * @param key   the key's bytes.
     * @param value the value's bytes.
     * @return the present value (nothing changed), or null if {@code value} was inserted.
     * @throws IllegalArgumentException  if the entry is larger than a stripe's heap.
     * @throws CapacityExceededException if the key's stripe has no room (nothing is changed).
     * @throws IllegalStateException     if closed.
     * @throws NullPointerException      if either is null.
     */
    public byte[] putIfAbsent(final byte[] key, final byte[] value)
    {
        Objects.requireNonNull(value, "value");
        return updates.update(key, current -> null == current ? value : current);
    }

    /**
     * Remove {@code key}; its space is freed.
     *
     * @param key the key's bytes.
     * @return the removed value, or null if absent.
     * @throws IllegalStateException if closed.
     * @throws NullPointerException  if {@code key} is null.
     */
    public byte[] remove(final byte[] key)
    {
        return updates.update(key, current -> null);
    }

    /**
     * Remove {@code key} if its value equals {@code value} (byte for byte).
     *
     * @param key   the key's bytes.
     * @param value the expected value.
     * @return true if removed.
     * @throws IllegalStateException if closed.
     * @throws NullPointerException  if either is null.
     */
    public boolean remove(final byte[] key, final byte[] value)
    {
        Objects.requireNonNull(value, "value");
        return updates.updateIfEquals(key, value, null);
    }

    /**
     * Replace the value of {@code key} if present.
     *
     * @param key   the key's bytes.
     * @param value the new value.
     * @return the previous value, or null if absent (nothing changed).
     * @throws IllegalArgumentException  if the entry is larger than a stripe's heap.
     * @throws CapacityExceededException if the stripe has no room for the new entry (nothing is changed).
     * @throws IllegalStateException     if closed.
     * @throws NullPointerException      if either is null.
     */
    public byte[] replace(final byte[] key, final byte[] value)
    {
        Objects.requireNonNull(value, "value");
        return updates.update(key, current -> null == current ? null : value);
    }

    /**
     * Replace the value of {@code key} if it equals {@code expected} (byte for byte).
     *
     * @param key      the key's bytes.
     * @param expected the value expected.
     * @param value    the new value.
     * @return true if replaced.
     * @throws IllegalArgumentException  if the entry is larger than a stripe's heap.
     * @throws CapacityExceededException if the stripe has no room for the new entry (nothing is changed).
     * @throws IllegalStateException     if closed.
     * @throws NullPointerException      if any is null.
     */
    public boolean replace(final byte[] key, final byte[] expected, final byte[] value)
    {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        return updates.updateIfEquals(key, expected, value);
    }

    /**
     * Atomically compute the value of {@code key} from its current value, under the key's stripe lock: Python's
     * {@code with lock: d[k] = f(d.get(k))}, without the separate lock. The function must be short and must not use
     * this dict; if it throws, nothing changes.
     *
     * @param key      the key's bytes.
     * @param function gets the key and the current value (null if absent); returns the new value, or null to
     *                 remove the key.
     * @return the new value, or null if the key is now absent.
     * @throws IllegalArgumentException  if the entry is larger than a stripe's heap.
     * @throws CapacityExceededException if the stripe has no room for the new entry (nothing is changed).
     * @throws IllegalStateException     if closed.
     * @throws NullPointerException      if {@code key} or {@code function} is null.
     */
    public byte[] compute(final byte[] key, final BiFunction<byte[], byte[], byte[]> function)
    {
        Objects.requireNonNull(function, "function");
        return updates.compute(key, function);
    }

    /**
     * Remove every entry, one stripe at a time under its lock.
     *
     * @throws IllegalStateException if closed.
     */
    public void clear()
    {
        updates.clear();
    }

    /**
     * A weakly consistent iterator over copies of the entries, one stripe copied at a time under its lock (see the
     * class comment); {@code remove} is not supported.
     *
     * @return an iterator.
     */
    @Override
    public Iterator<Map.Entry<byte[], byte[]>> iterator()
    {
        return updates.iterator();
    }

    /**
     * A {@link ConcurrentMap} view of typed keys and values: each method maps to this dict's operation of the same
     * name through the codecs, with its atomicity ({@code compute}, {@code computeIfAbsent},
     * {@code computeIfPresent} and {@code merge} run under the key's stripe lock). Values are compared by their
     * encodings in {@code remove(key, value)} and {@code replace(key, old, new)}, so both codecs must be
     * deterministic; keys by their encodings everywhere. Null keys and values are rejected.
     *
     * @param keys   the key codec.
     * @param values the value codec.
     * @param <K>    the key type.
     * @param <V>    the value type.
     * @return the view.
     */
    public <K, V> ConcurrentMap<K, V> asMap(final RecordCodec<K> keys, final RecordCodec<V> values)
    {
        return new TypedMap<>(this, keys, values);
    }

    @Override
    StripedStore stripedStore()
    {
        return store;
    }
}
