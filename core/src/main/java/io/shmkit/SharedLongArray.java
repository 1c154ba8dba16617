package io.shmkit;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;


import io.shmkit.internal.mem.Mem;
import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * A shared array of an integer typecode ({@code b B h H i I l L q Q}), read and written as {@code long}:
 * Python's {@code multiprocessing.Array('i', n)} and friends. Element methods mirror
 * {@link java.util.concurrent.atomic.AtomicLongArray}; see {@link SharedArray} for locking, stripes, memory
 * ordering and lifecycle.
 *
 * <p><b>Ranges.</b> Values are read sign- or zero-extended into a {@code long}. Storing a value outside the
 * range of a narrow typecode (1, 2 or 4 bytes) is rejected with {@link IllegalArgumentException} and stores
 * nothing; this includes the results of {@code getAndAdd}, {@code incrementAndGet} and the other atomic
 * arithmetic. The 8-byte typecodes take every {@code long}: {@code 'q'} and {@code 'l'} arithmetic wraps as
 * {@link java.util.concurrent.atomic.AtomicLong}'s does, and for {@code 'Q'} and {@code 'L'} the {@code long}
 * carries the unsigned bits, so their arithmetic is modulo 2<sup>64</sup> as in C. The bulk
 * {@link #negate()} is C's unary minus in the element's width: it wraps ({@code -(-128)} is {@code -128} for
 * {@code 'b'}, {@code -1} is {@code 255} for {@code 'B'}).
 *
 * <p><b>Throws:</b> IndexOutOfBoundsException (index or range out of bounds), IllegalArgumentException (invalid name,
 * typecode or length; a value, sum or result outside a narrow typecode's range: nothing is stored),
 * UnsupportedOperationException (a floating-point typecode), UncheckedIOException (name exists, no such segment, no
 * room), SegmentFormatException (not an array of an integer typecode), IllegalStateException (closed; the lock API of
 * an array without locks), IllegalMonitorStateException (a stripe lock re-entered); see {@link SharedArray}.
 *
 * <p><b>Note:</b> thread-safe and process-safe; see {@link SharedArray}.
 */
public final class SharedLongArray extends SharedLongArrayBulk
{
    // Over 400 lines: element access (the hot path) is declared in this final class itself, with no bridge method.
    // DELIBERATE REPEATS: factories and accessors mirror SharedDoubleArray's one for one (long, not double: a shared
    // signature would box).

    SharedLongArray(final Segment segment)
    {
        super(segment);
    }

    /**
     * Create a zero-filled array with a generated name and default options (with locks).
     *
     * @param typecode one of {@code b B h H i I l L q Q}.
     * @param length   number of elements, {@code >= 0}.
     * @return the new array, owned by this process.
     * @throws IllegalArgumentException      if the typecode is unknown or the length negative.
     * @throws UnsupportedOperationException if the typecode is a floating-point type.
     * @throws java.io.UncheckedIOException  if the segment cannot be created (no room: the message names the
     *                                       size wanted and the space free).
     */
    public static SharedLongArray create(final char typecode, final long length)
    {
        return create(SegmentNames.generate(), typecode, length, ShmOptions.defaults());
    }

    /**
     * Create a zero-filled array with default options (with locks, unlinked when this JVM exits).
     *
     * @param name     segment name: letters, digits, {@code . _ -}, at most 200 characters.
     * @param typecode one of {@code b B h H i I l L q Q}.
     * @param length   number of elements, {@code >= 0}.
     * @return the new array, owned by this process.
     * @throws IllegalArgumentException      if the name, typecode or length is invalid.
     * @throws UnsupportedOperationException if the typecode is a floating-point type.
     * @throws java.io.UncheckedIOException  if the name exists ({@link java.nio.file.FileAlreadyExistsException})
     *                                       or the segment cannot be created.
     */
    public static SharedLongArray create(final String name, final char typecode, final long length)
    {
        return create(name, typecode, length, ShmOptions.defaults());
    }

    /**
     * Create a zero-filled array.
     *
     * @param name     segment name: letters, digits, {@code . _ -}, at most 200 characters.
     * @param typecode one of {@code b B h H i I l L q Q}.
     * @param length   number of elements, {@code >= 0}.
     * @param options  root, persistence, locks and stripes.
     * @return the new array, owned by this process.
     * @throws IllegalArgumentException      if the name, typecode or length is invalid.
     * @throws UnsupportedOperationException if the typecode is a floating-point type.
     * @throws java.io.UncheckedIOException  if the name exists ({@link java.nio.file.FileAlreadyExistsException})
     *                                       or the segment cannot be created.
     */
    public static SharedLongArray create(
        final String name, final char typecode, final long length, final ShmOptions options)
    {
        final TypeCode type = TypeCode.of(typecode);
        type.requireInteger();
        return new SharedLongArray(Segment.create(name, SegmentLayout.array(type, length, options), options));
    }

    /**
     * Open an existing integer array by name.
     *
     * @param name the segment name.
     * @return the array.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit array of an integer typecode.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedLongArray open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open an existing integer array by name.
     *
     * @param name    the segment name.
     * @param options root directory and open timeout.
     * @return the array.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit array of an integer typecode.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedLongArray open(final String name, final ShmOptions options)
    {
        return new SharedLongArray(Segment.open(name, SegmentKind.ARRAY, false, options));
    }

    // ---------------------------------------------------------------- element access

    /**
     * Read element {@code index} with volatile memory effects ({@code VarHandle#getVolatile}).
     *
     * @param index element index.
     * @return its value, sign- or zero-extended.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalStateException     if closed.
     */
    public long get(final long index)
    {
        return Mem.loadLong(address(index), size, unsigned, Mem.VOLATILE);
    }

    /**
     * Read with acquire memory effects ({@code VarHandle#getAcquire}).
     *
     * @param index element index.
     * @return its value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalStateException     if closed.
     */
    public long getAcquire(final long index)
    {
        return Mem.loadLong(address(index), size, unsigned, Mem.ORDERED);
    }

    /**
     * Read with opaque memory effects ({@code VarHandle#getOpaque}).
     *
     * @param index element index.
     * @return its value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalStateException     if closed.
     */
    public long getOpaque(final long index)
    {
        return Mem.loadLong(address(index), size, unsigned, Mem.OPAQUE);
    }

    /**
     * Read with plain memory effects.
     *
     * @param index element index.
     * @return its value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalStateException     if closed.
     */
    public long getPlain(final long index)
    {
        return Mem.loadLong(address(index), size, unsigned, Mem.PLAIN);
    }

    /**
     * Write with volatile memory effects ({@code VarHandle#setVolatile}).
     *
     * @param index element index.
     * @param value new value, in the typecode's range.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} is outside the typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public void set(final long index, final long value)
    {
        Mem.storeLong(address(index), size, type.checkedValue(value), Mem.VOLATILE);
    }

    /**
     * Write with release memory effects ({@code VarHandle#setRelease}).
     *
     * @param index element index.
     * @param value new value, in the typecode's range.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} is outside the typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public void setRelease(final long index, final long value)
    {
        Mem.storeLong(address(index), size, type.checkedValue(value), Mem.ORDERED);
    }

    /**
     * Write with opaque memory effects ({@code VarHandle#setOpaque}).
     *
     * @param index element index.
     * @param value new value, in the typecode's range.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} is outside the typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public void setOpaque(final long index, final long value)
    {
        Mem.storeLong(address(index), size, type.checkedValue(value), Mem.OPAQUE);
    }

    /**
     * Write with plain memory effects.
     *
     * @param index element index.
     * @param value new value, in the typecode's range.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} is outside the typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public void setPlain(final long index, final long value)
    {
        Mem.storeLong(address(index), size, type.checkedValue(value), Mem.PLAIN);
    }

    /**
     * Atomically set to {@code update} if the element equals {@code expect}, with volatile memory effects.
     * An {@code expect} outside the typecode's range never matches.
     *
     * @param index  element index.
     * @param expect expected value.
     * @param update new value, in the typecode's range.
     * @return true if set.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code update} is outside the typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public boolean compareAndSet(final long index, final long expect, final long update)
    {
        final long a = address(index);
        type.checkedValue(update);
        return type.fits(expect) && Mem.casLong(a, size, expect, update);
    }

    /**
     * Atomically set and return the previous value, with volatile memory effects.
     *
     * @param index element index.
     * @param value new value, in the typecode's range.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} is outside the typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public long getAndSet(final long index, final long value)
    {
        final long a = address(index);
        return Mem.getAndSetLong(a, size, unsigned, type.checkedValue(value));
    }

    /**
     * Atomically add {@code delta} and return the previous value, with volatile memory effects.
     *
     * @param index element index.
     * @param delta amount to add.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the sum leaves a narrow typecode's range; nothing is stored then.
     * @throws IllegalStateException     if closed.
     */
    public long getAndAdd(final long index, final long delta)
    {
        if (size == 8)
        {
            return Mem.getAndAdd64(address(index), delta);
        }
        return accumulate(index, delta, Long::sum, false);
    }

    /**
     * Atomically add {@code delta} and return the new value, with volatile memory effects.
     *
     * @param index element index.
     * @param delta amount to add.
     * @return the new value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the sum leaves a narrow typecode's range; nothing is stored then.
     * @throws IllegalStateException     if closed.
     */
    public long addAndGet(final long index, final long delta)
    {
        if (size == 8)
        {
            return Mem.getAndAdd64(address(index), delta) + delta;
        }
        return accumulate(index, delta, Long::sum, true);
    }

    /**
     * Atomically increment and return the new value; see {@link #addAndGet(long, long)}.
     *
     * @param index element index.
     * @return the new value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the result leaves a narrow typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public long incrementAndGet(final long index)
    {
        return addAndGet(index, 1);
    }

    /**
     * Atomically decrement and return the new value; see {@link #addAndGet(long, long)}.
     *
     * @param index element index.
     * @return the new value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the result leaves a narrow typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public long decrementAndGet(final long index)
    {
        return addAndGet(index, -1);
    }

    /**
     * Atomically increment and return the previous value; see {@link #getAndAdd(long, long)}.
     *
     * @param index element index.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the result leaves a narrow typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public long getAndIncrement(final long index)
    {
        return getAndAdd(index, 1);
    }

    /**
     * Atomically decrement and return the previous value; see {@link #getAndAdd(long, long)}.
     *
     * @param index element index.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the result leaves a narrow typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public long getAndDecrement(final long index)
    {
        return getAndAdd(index, -1);
    }

    /**
     * Atomically replace the element with {@code op(previous)} and return the previous value. {@code op} may
     * be called more than once under contention, so it must be free of side effects.
     *
     * @param index element index.
     * @param op    side-effect-free function.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the result is outside the typecode's range; nothing is stored then.
     * @throws IllegalStateException     if closed.
     */
    public long getAndUpdate(final long index, final LongUnaryOperator op)
    {
        return accumulate(index, 0, (prev, ignored) -> op.applyAsLong(prev), false);
    }

    /**
     * Atomically replace the element with {@code op(previous)} and return the new value. {@code op} may be
     * called more than once under contention, so it must be free of side effects.
     *
     * @param index element index.
     * @param op    side-effect-free function.
     * @return the new value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the result is outside the typecode's range; nothing is stored then.
     * @throws IllegalStateException     if closed.
     */
    public long updateAndGet(final long index, final LongUnaryOperator op)
    {
        return accumulate(index, 0, (prev, ignored) -> op.applyAsLong(prev), true);
    }

    private long accumulate(final long index, final long x, final LongBinaryOperator f, final boolean returnNew)
    {
        final long a = address(index);
        while (true)
        {
            final long prev = Mem.loadLong(a, size, unsigned, Mem.VOLATILE);
            final long next = type.checkedValue(f.applyAsLong(prev, x));
            if (Mem.casLong(a, size, prev, next))
            {
                return returnNew ? next : prev;
            }
        }
    }
}
