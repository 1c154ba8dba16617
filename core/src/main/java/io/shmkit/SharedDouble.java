package io.shmkit;

import java.util.function.DoubleUnaryOperator;

import io.shmkit.internal.mem.Mem;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * A shared value of typecode {@code 'd'} or {@code 'f'}, read and written as {@code double}: Python's
 * {@code multiprocessing.Value('d', 0.0)}. Rounding, range checks and bitwise compare-and-set are as for
 * {@link SharedDoubleArray}; memory effects as named (atomic operations volatile).
 *
 * <p><b>Throws:</b> IllegalArgumentException (invalid name or typecode; a value, sum or result that overflows
 * {@code 'f'}: nothing is stored), UnsupportedOperationException (an integer typecode), UncheckedIOException (name
 * exists, no such segment, cannot be created), SegmentFormatException (not a value of typecode {@code 'd'} or
 * {@code 'f'}), IllegalStateException (closed; the lock of a value without one; see {@link SharedValue}).
 *
 * <p><b>Note:</b> thread-safe and process-safe; see {@link SharedValue}.
 */
public final class SharedDouble extends SharedValue
{
    private final SharedDoubleArray a;

    SharedDouble(final SharedDoubleArray cell)
    {
        super(cell);
        this.a = cell;
    }

    /**
     * Create a value with a generated name, initial value and a lock.
     *
     * @param typecode {@code 'd'} or {@code 'f'}.
     * @param initial  initial value.
     * @return the new value.
     * @throws IllegalArgumentException      if the typecode is unknown or {@code initial} overflows {@code 'f'}.
     * @throws UnsupportedOperationException if the typecode is an integer type.
     */
    public static SharedDouble create(final char typecode, final double initial)
    {
        return create(SegmentNames.generate(), typecode, initial, ShmOptions.defaults());
    }

    /**
     * Create a value with a lock and default options.
     *
     * @param name     segment name.
     * @param typecode {@code 'd'} or {@code 'f'}.
     * @param initial  initial value.
     * @return the new value.
     * @throws IllegalArgumentException      if the name or typecode is invalid or {@code initial} overflows.
     * @throws UnsupportedOperationException if the typecode is an integer type.
     * @throws java.io.UncheckedIOException  if the name exists or the segment cannot be created.
     */
    public static SharedDouble create(final String name, final char typecode, final double initial)
    {
        return create(name, typecode, initial, ShmOptions.defaults());
    }

    /**
     * Create a value.
     *
     * @param name     segment name.
     * @param typecode {@code 'd'} or {@code 'f'}.
     * @param initial  initial value.
     * @param options  root, persistence and whether it has a lock.
     * @return the new value.
     * @throws IllegalArgumentException      if the name or typecode is invalid or {@code initial} overflows.
     * @throws UnsupportedOperationException if the typecode is an integer type.
     * @throws java.io.UncheckedIOException  if the name exists or the segment cannot be created.
     */
    public static SharedDouble create(
        final String name, final char typecode, final double initial, final ShmOptions options)
    {
        final TypeCode type = TypeCode.of(typecode);
        type.requireFloatingPoint();
        type.checkedValue(initial);
        return new SharedDouble(new SharedDoubleArray(
            createSegment(name, type, options, a -> Mem.storeDouble(a, type == TypeCode.FLOAT, initial, Mem.PLAIN))));
    }

    /**
     * Open an existing floating-point value.
     *
     * @param name the segment name.
     * @return the value.
     * @throws java.io.UncheckedIOException if there is no such segment.
     * @throws SegmentFormatException       if it is not a shmkit value of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedDouble open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open an existing floating-point value.
     *
     * @param name    the segment name.
     * @param options root directory and open timeout.
     * @return the value.
     * @throws java.io.UncheckedIOException if there is no such segment.
     * @throws SegmentFormatException       if it is not a shmkit value of typecode {@code 'd'} or {@code 'f'}.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedDouble open(final String name, final ShmOptions options)
    {
        return new SharedDouble(new SharedDoubleArray(openSegment(name, true, options)));
    }

    // DELIBERATE REPEATS: the accessors below mirror SharedLong's one for one (see the note there).

    /**
     * Read with volatile memory effects (Python's {@code v.value}).
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public double get()
    {
        return a.get(0);
    }

    /**
     * Read with acquire memory effects.
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public double getAcquire()
    {
        return a.getAcquire(0);
    }

    /**
     * Read with opaque memory effects.
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public double getOpaque()
    {
        return a.getOpaque(0);
    }

    /**
     * Read with plain memory effects.
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public double getPlain()
    {
        return a.getPlain(0);
    }

    /**
     * Write with volatile memory effects.
     *
     * @param value new value.
     * @throws IllegalArgumentException if it overflows {@code 'f'}.
     * @throws IllegalStateException    if closed.
     */
    public void set(final double value)
    {
        a.set(0, value);
    }

    /**
     * Write with release memory effects.
     *
     * @param value new value.
     * @throws IllegalArgumentException if it overflows {@code 'f'}.
     * @throws IllegalStateException    if closed.
     */
    public void setRelease(final double value)
    {
        a.setRelease(0, value);
    }

    /**
     * Write with opaque memory effects.
     *
     * @param value new value.
     * @throws IllegalArgumentException if it overflows {@code 'f'}.
     * @throws IllegalStateException    if closed.
     */
    public void setOpaque(final double value)
    {
        a.setOpaque(0, value);
    }

    /**
     * Write with plain memory effects.
     *
     * @param value new value.
     * @throws IllegalArgumentException if it overflows {@code 'f'}.
     * @throws IllegalStateException    if closed.
     */
    public void setPlain(final double value)
    {
        a.setPlain(0, value);
    }

    /**
     * Atomically set to {@code update} if the bits equal those of {@code expect} (volatile).
     *
     * @param expect expected value, compared bitwise.
     * @param update new value.
     * @return true if set.
     * @throws IllegalArgumentException if {@code update} overflows {@code 'f'}.
     * @throws IllegalStateException    if closed.
     */
    public boolean compareAndSet(final double expect, final double update)
    {
        return a.compareAndSet(0, expect, update);
    }

    /**
     * Atomically set and return the previous value (volatile).
     *
     * @param value new value.
     * @return the previous value.
     * @throws IllegalArgumentException if it overflows {@code 'f'}.
     * @throws IllegalStateException    if closed.
     */
    public double getAndSet(final double value)
    {
        return a.getAndSet(0, value);
    }

    /**
     * Atomically add and return the previous value (volatile).
     *
     * @param delta amount to add.
     * @return the previous value.
     * @throws IllegalArgumentException if the sum overflows {@code 'f'}; nothing is stored.
     * @throws IllegalStateException    if closed.
     */
    public double getAndAdd(final double delta)
    {
        return a.getAndAdd(0, delta);
    }

    /**
     * Atomically add and return the new value (volatile).
     *
     * @param delta amount to add.
     * @return the new value, as stored.
     * @throws IllegalArgumentException if the sum overflows {@code 'f'}; nothing is stored.
     * @throws IllegalStateException    if closed.
     */
    public double addAndGet(final double delta)
    {
        return a.addAndGet(0, delta);
    }

    /**
     * Atomically apply a side-effect-free function and return the previous value (volatile).
     *
     * @param op function, possibly called more than once.
     * @return the previous value.
     * @throws IllegalArgumentException if the result overflows {@code 'f'}; nothing is stored.
     * @throws IllegalStateException    if closed.
     */
    public double getAndUpdate(final DoubleUnaryOperator op)
    {
        return a.getAndUpdate(0, op);
    }

    /**
     * Atomically apply a side-effect-free function and return the new value (volatile).
     *
     * @param op function, possibly called more than once.
     * @return the new value, as stored.
     * @throws IllegalArgumentException if the result overflows {@code 'f'}; nothing is stored.
     * @throws IllegalStateException    if closed.
     */
    public double updateAndGet(final DoubleUnaryOperator op)
    {
        return a.updateAndGet(0, op);
    }
}
