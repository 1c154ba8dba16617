package io.shmkit;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import org.agrona.UnsafeApi;

import io.shmkit.internal.mem.Mem;
import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * A shared array of typecode {@code 'd'} or {@code 'f'}, read and written as {@code double}: Python's
 * {@code multiprocessing.Array('d', n)}. Element methods mirror {@link java.util.concurrent.atomic.AtomicLongArray}
 * with {@code double} values; see {@link SharedArray} for locking, stripes, memory ordering and lifecycle.
 *
 * <p>For {@code 'f'} a value is rounded to the nearest {@code float} when stored; a finite value whose
 * magnitude rounds to infinity is rejected with {@link IllegalArgumentException} (NaN and the infinities
 * are stored as they are). Compare-and-set compares raw bit patterns, like Guava's {@code AtomicDouble}: NaN
 * matches a NaN with the same bits, and {@code 0.0} does not match {@code -0.0}.
 *
 * <p><b>Throws:</b> IndexOutOfBoundsException (index or range out of bounds), IllegalArgumentException (invalid name,
 * typecode or length; a value, sum or result that overflows a {@code 'f'} element: nothing is stored),
 * UnsupportedOperationException (an integer typecode), UncheckedIOException (name exists, no such segment, no room),
 * SegmentFormatException (not an array of typecode {@code 'd'} or {@code 'f'}), IllegalStateException (closed; the
 * lock API of an array without locks), IllegalMonitorStateException (a stripe lock re-entered); see
 * {@link SharedArray}.
 *
 * <p><b>Note:</b> thread-safe and process-safe; see {@link SharedArray}.
 */
public final class SharedDoubleArray extends SharedDoubleArrayBulk
{
    // DELIBERATE REPEATS: factories and accessors mirror SharedLongArray's one for one (double, not long: a shared
    // signature would box).

    SharedDoubleArray(final Segment segment)
    {
        super(segment);
    }

    /**
     * Create a zero-filled array with a generated name and default options (with locks).
     *
     * @param typecode {@code 'd'} or {@code 'f'}.
     * @param length   number of elements, {@code >= 0}.
     * @return the new array, owned by this process.
     * @throws IllegalArgumentException      if the typecode is unknown or the length negative.
     * @throws UnsupportedOperationException if the typecode is an integer type.
     * @throws java.io.UncheckedIOException  if the segment cannot be created (no room: the message names the
     *                                       size wanted and the space free).
     */
    public static SharedDoubleArray create(final char typecode, final long length)
    {
        return create(SegmentNames.generate(), typecode, length, ShmOptions.defaults());
    }

    /**
     * Create a zero-filled array with default options (with locks, unlinked when this JVM exits).
     *
     * @param name     segment name: letters, digits, {@code . _ -}, at most 200 characters.
     * @param typecode {@code 'd'} or {@code 'f'}.
     * @param length   number of elements, {@code >= 0}.
     * @return the new array, owned by this process.
     * @throws IllegalArgumentException      if the name, typecode or length is invalid.
     * @throws UnsupportedOperationException if the typecode is an integer type.
     * @throws java.io.UncheckedIOException  if the name exists ({@link java.nio.file.FileAlreadyExistsException})
     *                                       or the segment cannot be created.
     */
    public static SharedDoubleArray create(final String name, final char typecode, final long length)
    {
        return create(name, typecode, length, ShmOptions.defaults());
    }

    /**
     * Create a zero-filled array.
     *
     * @param name     segment name: letters, digits, {@code . _ -}, at most 200 characters.
     * @param typecode {@code 'd'} or {@code 'f'}.
     * @param length   number of elements, {@code >= 0}.
     * @param options  root, persistence, locks and stripes.
     * @return the new array, owned by this process.
     * @throws IllegalArgumentException      if the name, typecode or length is invalid.
     * @throws UnsupportedOperationException if the typecode is an integer type.
     * @throws java.io.UncheckedIOException  if the name exists ({@link java.nio.file.FileAlreadyExistsException})
     *                                       or the segment cannot be created.
     */
    public static SharedDoubleArray create(
        final String name, final char typecode, final long length, final ShmOptions options)
    {
        final TypeCode type = TypeCode.of(typecode);
        type.requireFloatingPoint();
        return new SharedDoubleArray(Segment.create(name, SegmentLayout.array(type, length, options), options));
    }

    /**
     * Open an existing floating-point array by name.
     *
     * @param name the segment name.
     * @return the array.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit array of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedDoubleArray open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open an existing floating-point array by name.
     *
     * @param name    the segment name.
     * @param options root directory and open timeout.
     * @return the array.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit array of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedDoubleArray open(final String name, final ShmOptions options)
    {
        return new SharedDoubleArray(Segment.open(name, SegmentKind.ARRAY, true, options));
    }

    // ---------------------------------------------------------------- element access

    /**
     * Read element {@code index} with volatile memory effects ({@code VarHandle#getVolatile}).
     *
     * @param index element index.
     * @return its value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalStateException     if closed.
     */
    public double get(final long index)
    {
        return Mem.loadDouble(address(index), isFloat, Mem.VOLATILE);
    }

    /**
     * Read with acquire memory effects ({@code VarHandle#getAcquire}).
     *
     * @param index element index.
     * @return its value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalStateException     if closed.
     */
    public double getAcquire(final long index)
    {
        return Mem.loadDouble(address(index), isFloat, Mem.ORDERED);
    }

    /**
     * Read with opaque memory effects ({@code VarHandle#getOpaque}).
     *
     * @param index element index.
     * @return its value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalStateException     if closed.
     */
    public double getOpaque(final long index)
    {
        return Mem.loadDouble(address(index), isFloat, Mem.OPAQUE);
    }

    /**
     * Read with plain memory effects: no ordering, and the JIT may hoist or merge it.
     *
     * @param index element index.
     * @return its value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalStateException     if closed.
     */
    public double getPlain(final long index)
    {
        return Mem.loadDouble(address(index), isFloat, Mem.PLAIN);
    }

    /**
     * Write with volatile memory effects ({@code VarHandle#setVolatile}).
     *
     * @param index element index.
     * @param value new value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} overflows a {@code 'f'} element.
     * @throws IllegalStateException     if closed.
     */
    public void set(final long index, final double value)
    {
        Mem.storeDouble(address(index), isFloat, checked(value), Mem.VOLATILE);
    }

    /**
     * Write with release memory effects ({@code VarHandle#setRelease}).
     *
     * @param index element index.
     * @param value new value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} overflows a {@code 'f'} element.
     * @throws IllegalStateException     if closed.
     */
    public void setRelease(final long index, final double value)
    {
        Mem.storeDouble(address(index), isFloat, checked(value), Mem.ORDERED);
    }

    /**
     * Write with opaque memory effects ({@code VarHandle#setOpaque}).
     *
     * @param index element index.
     * @param value new value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} overflows a {@code 'f'} element.
     * @throws IllegalStateException     if closed.
     */
    public void setOpaque(final long index, final double value)
    {
        Mem.storeDouble(address(index), isFloat, checked(value), Mem.OPAQUE);
    }

    /**
     * Write with plain memory effects.
     *
     * @param index element index.
     * @param value new value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} overflows a {@code 'f'} element.
     * @throws IllegalStateException     if closed.
     */
    public void setPlain(final long index, final double value)
    {
        Mem.storeDouble(address(index), isFloat, checked(value), Mem.PLAIN);
    }

    /**
     * Atomically set to {@code update} if the element's bits equal those of {@code expect}, with volatile
     * memory effects. For {@code 'f'} both are first rounded to {@code float}.
     *
     * @param index  element index.
     * @param expect expected value (compared bitwise).
     * @param update new value.
     * @return true if set.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code update} overflows a {@code 'f'} element.
     * @throws IllegalStateException     if closed.
     */
    public boolean compareAndSet(final long index, final double expect, final double update)
    {
        return Mem.casDoubleBits(address(index), isFloat, expect, checked(update));
    }

    /**
     * Atomically set and return the previous value, with volatile memory effects.
     *
     * @param index element index.
     * @param value new value.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if {@code value} overflows a {@code 'f'} element.
     * @throws IllegalStateException     if closed.
     */
    public double getAndSet(final long index, final double value)
    {
        final long a = address(index);
        final double v = checked(value);
        Mem.probe(a);
        return isFloat ? UnsafeApi.getAndSetFloat(null, a, (float)v) : UnsafeApi.getAndSetDouble(null, a, v);
    }

    /**
     * Atomically add {@code delta} and return the previous value (a compare-and-set loop on the bits), with
     * volatile memory effects.
     *
     * @param index element index.
     * @param delta amount to add.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the sum overflows a {@code 'f'} element; nothing is stored then.
     * @throws IllegalStateException     if closed.
     */
    public double getAndAdd(final long index, final double delta)
    {
        return accumulate(index, delta, Double::sum, false);
    }

    /**
     * Atomically add {@code delta} and return the new value, with volatile memory effects.
     *
     * @param index element index.
     * @param delta amount to add.
     * @return the new value (as stored, so rounded to {@code float} for {@code 'f'}).
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the sum overflows a {@code 'f'} element; nothing is stored then.
     * @throws IllegalStateException     if closed.
     */
    public double addAndGet(final long index, final double delta)
    {
        return accumulate(index, delta, Double::sum, true);
    }

    /**
     * Atomically replace the element with {@code op(previous)} and return the previous value. {@code op} may
     * be called more than once under contention, so it must be free of side effects.
     *
     * @param index element index.
     * @param op    side-effect-free function.
     * @return the previous value.
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the result overflows a {@code 'f'} element; nothing is stored then.
     * @throws IllegalStateException     if closed.
     */
    public double getAndUpdate(final long index, final DoubleUnaryOperator op)
    {
        return accumulate(index, 0, (prev, ignored) -> op.applyAsDouble(prev), false);
    }

    /**
     * Atomically replace the element with {@code op(previous)} and return the new value. {@code op} may be
     * called more than once under contention, so it must be free of side effects.
     *
     * @param index element index.
     * @param op    side-effect-free function.
     * @return the new value (as stored).
     * @throws IndexOutOfBoundsException if out of range.
     * @throws IllegalArgumentException  if the result overflows a {@code 'f'} element; nothing is stored then.
     * @throws IllegalStateException     if closed.
     */
    public double updateAndGet(final long index, final DoubleUnaryOperator op)
    {
        return accumulate(index, 0, (prev, ignored) -> op.applyAsDouble(prev), true);
    }

    private double accumulate(final long index, final double x, final DoubleBinaryOperator f, final boolean returnNew)
    {
        final long a = address(index);
        while (true)
        {
            final double prev = Mem.loadDouble(a, isFloat, Mem.VOLATILE);
            final double next = isFloat ? (float)checked(f.applyAsDouble(prev, x)) : f.applyAsDouble(prev, x);
            if (Mem.casDoubleBits(a, isFloat, prev, next))
            {
                return returnNew ? next : prev;
            }
        }
    }
}
