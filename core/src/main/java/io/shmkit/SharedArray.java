package io.shmkit;

import java.util.Objects;

import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.SharedHandle;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * A typed array in a named shared-memory segment: Python's {@code multiprocessing.Array} (with locks) and
 * {@code RawArray} (without). Integer typecodes are {@link SharedLongArray}s, floating-point typecodes
 * {@link SharedDoubleArray}s; this class holds what they share: the name, length, typecode, the lock stripes
 * and the lifecycle.
 *
 * <h2>Locks and stripes</h2>
 * An array created with locks (the default) has {@link #stripeCount()} lock words, a power of two; element
 * {@code i} belongs to stripe {@code i >> stripeShift} (see {@link #stripeOf(long)}). Single-element
 * accessors never lock: each is atomic by itself. Bulk operations ({@code copyTo}, {@code copyFrom},
 * {@code fill}, {@code transform}, {@code negate}, reductions) take the lock of each stripe they touch, one
 * stripe at a time in ascending order, so each stripe's part is atomic with respect to other lockers and two
 * bulk operations can never deadlock; a stripe whose lock the calling thread already holds through this
 * handle (for example inside {@link #getLock()}) is not locked again. For a whole-range snapshot, hold
 * {@link #rangeLock(long, long)} or {@link #getLock()} around the bulk operation. An array created without
 * locks has no stripes and its bulk operations lock nothing.
 *
 * <h2>Memory ordering</h2>
 * Element accessors come in the <a href="package-summary.html#access-modes">access modes</a> of
 * {@code java.lang.invoke.VarHandle} ({@code get}/{@code set} volatile, {@code getAcquire}/{@code setRelease},
 * {@code getOpaque}/{@code setOpaque}, {@code getPlain}/{@code setPlain}); atomic read-modify-write operations are
 * volatile. Bulk operations use plain accesses inside the stripe lock, whose acquire (CAS) and release (release
 * store) order them with respect to other lockers, in any process mapping the file (cross-process tests check it).
 *
 * <p><b>Note:</b> thread-safe and process-safe as described above. {@link #close()} unmaps the segment: it
 * must not race with operations in progress in other threads of this process; afterwards every operation
 * throws {@link IllegalStateException}. Indices out of range throw {@link IndexOutOfBoundsException}.
 */
public abstract sealed class SharedArray implements SharedHandle
    permits SharedLongArrayBulk, SharedDoubleArrayBulk
{
    // Bulk methods: SharedLongArrayBulk, SharedDoubleArrayBulk (package-private); element access: the final classes.
    final Segment segment;
    final TypeCode type;
    final long length;
    final int shift;
    final int size;
    final long dataOffset;
    final boolean chunked;
    final long base;
    final long[] chunks;
    final ShmLock[] locks;
    final int stripeShift;
    /** {@link #length} while open, 0 once closed: one unsigned compare checks both index and state. */
    long limit;

    SharedArray(final Segment segment)
    {
        this.segment = segment;
        final SegmentLayout layout = segment.layout();
        this.type = layout.type();
        this.length = layout.elementCount();
        this.shift = type.shift();
        this.size = type.size();
        this.dataOffset = segment.dataOffset();
        this.chunks = segment.chunkAddresses();
        this.chunked = chunks.length > 1;
        this.base = chunks[0] + dataOffset;
        this.stripeShift = layout.stripeShift();
        this.locks = new ShmLock[layout.stripeCount()];
        for (int s = 0; s < locks.length; s++)
        {
            locks[s] = new ShmLock(segment, s);
        }
        this.limit = length;
    }

    // DELIBERATE REPEATS: the two open overloads mirror SharedValue's (the value family's), Javadoc and all.

    /**
     * Open an existing array of any typecode.
     *
     * @param name the segment name.
     * @return a {@link SharedLongArray} or {@link SharedDoubleArray}, depending on the segment's typecode.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit array.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedArray open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open an existing array of any typecode.
     *
     * @param name    the segment name.
     * @param options root directory and open timeout.
     * @return a {@link SharedLongArray} or {@link SharedDoubleArray}, depending on the segment's typecode.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit array.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedArray open(final String name, final ShmOptions options)
    {
        final Segment segment = Segment.open(name, SegmentKind.ARRAY, null, options);
        return segment.layout().type().isFloatingPoint() ?
            new SharedDoubleArray(segment) : new SharedLongArray(segment);
    }

    /**
     * The segment name, by which other processes open this array.
     *
     * @return the name.
     */
    public final String name()
    {
        return segment.name();
    }

    /**
     * The typecode.
     *
     * @return the element type.
     */
    public final TypeCode typeCode()
    {
        return type;
    }

    /**
     * The number of elements.
     *
     * @return the length, fixed at creation.
     */
    public final long length()
    {
        return length;
    }

    /**
     * The number of lock stripes.
     *
     * @return a power of two, or 0 for an array created without locks.
     */
    public final int stripeCount()
    {
        return locks.length;
    }

    /**
     * The number of elements per stripe (the last stripes may hold fewer or none).
     *
     * @return {@code 1 << stripeShift}, or the length for an array without locks.
     */
    public final long stripeLength()
    {
        return locks.length == 0 ? length : 1L << stripeShift;
    }

    /**
     * The stripe that element {@code index} belongs to.
     *
     * @param index an element index.
     * @return its stripe.
     * @throws IndexOutOfBoundsException if {@code index} is out of range.
     * @throws IllegalStateException     if the array has no locks or is closed.
     */
    public final int stripeOf(final long index)
    {
        requireLocks();
        checkIndex(index);
        return (int)(index >>> stripeShift);
    }

    /**
     * The lock of one stripe.
     *
     * @param stripe from 0 to {@link #stripeCount()} - 1.
     * @return the stripe's lock, the same object on every call.
     * @throws IndexOutOfBoundsException if there is no such stripe.
     * @throws IllegalStateException     if the array has no locks or is closed.
     */
    public final ShmLock stripeLock(final int stripe)
    {
        requireLocks();
        checkOpen();
        if (stripe < 0 || stripe >= locks.length)
        {
            throw new IndexOutOfBoundsException("stripe " + stripe + " out of range [0, " + locks.length + ")");
        }
        return locks[stripe];
    }

    /**
     * A lock over the stripes that elements {@code from} (inclusive) to {@code to} (exclusive) belong to,
     * taken in ascending stripe order.
     *
     * @param from first element.
     * @param to   one past the last element; {@code from < to}.
     * @return a new lock object over those stripes.
     * @throws IndexOutOfBoundsException if the range is empty or out of bounds.
     * @throws IllegalStateException     if the array has no locks or is closed.
     */
    public final RangeLock rangeLock(final long from, final long to)
    {
        requireLocks();
        checkRange(from, to);
        if (from == to)
        {
            throw new IndexOutOfBoundsException("empty range [" + from + ", " + to + ") has no stripes");
        }
        return new RangeLock(locks, (int)(from >>> stripeShift), (int)((to - 1) >>> stripeShift));
    }

    /**
     * Python's {@code get_lock()}: a lock over every stripe, taken in ascending order.
     *
     * @return a lock over the whole array.
     * @throws IllegalStateException if the array has no locks (a raw array) or is closed.
     */
    public final RangeLock getLock()
    {
        requireLocks();
        checkOpen();
        return new RangeLock(locks, 0, locks.length - 1);
    }

    /**
     * Run {@code action} while holding the stripe lock of element {@code index}.
     *
     * @param index  element whose stripe to lock.
     * @param action what to run.
     * @return true if the previous owner of the lock had died holding it ({@link ShmLock#ownerDied()}).
     * @throws IndexOutOfBoundsException if {@code index} is out of range.
     * @throws IllegalStateException     if the array has no locks or is closed.
     * @throws IllegalMonitorStateException if the calling thread already holds that stripe's lock (the locks
     *                                      are not reentrant).
     */
    public final boolean withStripeLock(final long index, final Runnable action)
    {
        final ShmLock lock = locks[stripeOf(index)];
        lock.lock();
        try
        {
            final boolean died = lock.ownerDied();
            action.run();
            return died;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Whether this array was created with locks.
     *
     * @return false for a raw array.
     */
    public final boolean hasLocks()
    {
        return locks.length > 0;
    }

    /**
     * The identity of the segment file this handle mapped: its device and inode, as text. Two handles of the same
     * file give the same identity, in any process; a file created again under the same name gives another. So a
     * process that opens an array by name can tell whether it has the file another process meant (a transform's
     * workers check it). Allowed after {@link #close()}.
     *
     * @return the identity, or an empty string where the file system has no file keys.
     */
    public final String fileIdentity()
    {
        final Object key = segment.fileKey();
        return null == key ? "" : key.toString();
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed.
     */
    public final boolean isClosed()
    {
        return segment.isClosed();
    }

    /**
     * Unmap the array in this process. Idempotent. The segment itself stays until unlinked: by
     * {@link #unlink()}, by its creator's normal exit (unless persistent), or by {@link Segments#clean}.
     *
     * <p>Release the stripe locks first: a lock's word lives in the mapping, so a lock still held when the
     * mapping goes cannot be released any more (its {@code unlock()} throws) and stays held by this live
     * process, blocking every other locker, until this process exits. A thread that holds a stripe lock of this
     * handle is refused; one that closes while another thread holds one is not (the holder's unlock then
     * throws), so do not close a handle that other threads are still using.
     *
     * @throws IllegalStateException if the calling thread holds a stripe lock of this handle (nothing is
     *                               closed).
     */
    @Override
    public final void close()
    {
        for (final ShmLock lock : locks)
        {
            if (lock.isHeldByCurrentThread())
            {
                throw new IllegalStateException("'" + name() + "': close() while this thread holds " + lock +
                    "; unlock it first");
            }
        }
        limit = 0;
        segment.close();
    }

    /**
     * Remove the segment's name (Python's {@code SharedMemory.unlink()}); processes that have it open keep
     * their mapping until they close it. Allowed whether or not this handle is closed.
     *
     * @return true if the file was removed, false if it was already gone or replaced by another file.
     */
    public final boolean unlink()
    {
        return segment.unlink();
    }

    final void requireLocks()
    {
        if (locks.length == 0)
        {
            throw new IllegalStateException("array '" + segment.name() + "' was created without locks (a raw array)");
        }
    }

    final void checkOpen()
    {
        if (limit == 0 && segment.isClosed())
        {
            throw closed();
        }
    }

    final IllegalStateException closed()
    {
        return new IllegalStateException("array '" + segment.name() + "' is closed");
    }

    final void checkIndex(final long index)
    {
        if (Long.compareUnsigned(index, limit) >= 0)
        {
            throw indexFailure(index);
        }
    }

    final RuntimeException indexFailure(final long index)
    {
        // close() zeroes the limit before it closes the segment: an index in range failing then is a close
        if (segment.isClosed() || (0 == limit && index >= 0 && index < length))
        {
            return closed();
        }
        return new IndexOutOfBoundsException("index " + index + " out of bounds for length " + length);
    }

    /** Check that the array is open and [from, to) is a range of its elements. */
    final void checkRange(final long from, final long to)
    {
        checkOpen();
        Objects.checkFromToIndex(from, to, length);
    }

    /** The length as a Java array's, for {@code toArray()}: checks that the array is open and fits one. */
    final int javaArrayLength()
    {
        checkOpen();
        if (length > Integer.MAX_VALUE - 8)
        {
            throw new IllegalStateException("array of " + length + " elements does not fit a Java array");
        }
        return (int)length;
    }

    /** Address of element {@code index}, bounds- and state-checked. */
    final long address(final long index)
    {
        if (Long.compareUnsigned(index, limit) >= 0)
        {
            throw indexFailure(index);
        }
        return chunked ? chunkedAddress(index) : base + (index << shift);
    }

    final long chunkedAddress(final long index)
    {
        final long fileOffset = dataOffset + (index << shift);
        return chunks[(int)(fileOffset >>> Segment.CHUNK_SHIFT)] + (fileOffset & (Segment.CHUNK_LENGTH - 1));
    }

    /** Apply {@code run} to [from, to) run by run under the stripe locks: see {@link SharedArrayRuns}. */
    final void forEachRun(final long from, final long to, final SharedArrayRuns.Run run)
    {
        SharedArrayRuns.forEach(this, from, to, run);
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{name=" + segment.name() + ", typecode=" + type + ", length=" + length +
            ", stripes=" + locks.length + (segment.isClosed() ? ", closed" : "") + "}";
    }
}
