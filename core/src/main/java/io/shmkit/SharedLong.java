package io.shmkit;

import java.util.function.LongUnaryOperator;

import io.shmkit.internal.mem.Mem;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * A shared value of an integer typecode, read and written as {@code long}: Python's
 * {@code multiprocessing.Value('i', 0)}. Mirrors {@link java.util.concurrent.atomic.AtomicLong}; ranges,
 * wrapping and unsigned meaning are as for {@link SharedLongArray}, memory effects as named (plain, opaque,
 * acquire/release, volatile; atomic operations volatile).
 *
 * <p><b>Throws:</b> IllegalArgumentException (invalid name or typecode; a value, sum or result outside a narrow
 * typecode's range: nothing is stored), UnsupportedOperationException (a floating-point typecode),
 * UncheckedIOException (name exists, no such segment, cannot be created), SegmentFormatException (not a value of an
 * integer typecode), IllegalStateException (closed; the lock of a value without one; see {@link SharedValue}).
 *
 * <p><b>Note:</b> thread-safe and process-safe; see {@link SharedValue}.
 */
public final class SharedLong extends SharedValue
{
    private final SharedLongArray a;

    SharedLong(final SharedLongArray cell)
    {
        super(cell);
        this.a = cell;
    }

    /**
     * Create a value with a generated name, initial value and a lock.
     *
     * @param typecode one of {@code b B h H i I l L q Q}.
     * @param initial  initial value.
     * @return the new value.
     * @throws IllegalArgumentException      if the typecode is unknown or {@code initial} out of range.
     * @throws UnsupportedOperationException if the typecode is floating point.
     */
    public static SharedLong create(final char typecode, final long initial)
    {
        return create(SegmentNames.generate(), typecode, initial, ShmOptions.defaults());
    }

    /**
     * Create a value with a lock and default options.
     *
     * @param name     segment name.
     * @param typecode one of {@code b B h H i I l L q Q}.
     * @param initial  initial value.
     * @return the new value.
     * @throws IllegalArgumentException      if the name or typecode is invalid or {@code initial} out of range.
     * @throws UnsupportedOperationException if the typecode is floating point.
     * @throws java.io.UncheckedIOException  if the name exists or the segment cannot be created.
     */
    public static SharedLong create(final String name, final char typecode, final long initial)
    {
        return create(name, typecode, initial, ShmOptions.defaults());
    }

    /**
     * Create a value.
     *
     * @param name     segment name.
     * @param typecode one of {@code b B h H i I l L q Q}.
     * @param initial  initial value.
     * @param options  root, persistence and whether it has a lock ({@link ShmOptions#withLock(boolean)}).
     * @return the new value.
     * @throws IllegalArgumentException      if the name or typecode is invalid or {@code initial} out of range.
     * @throws UnsupportedOperationException if the typecode is floating point.
     * @throws java.io.UncheckedIOException  if the name exists or the segment cannot be created.
     */
    public static SharedLong create(
        final String name, final char typecode, final long initial, final ShmOptions options)
    {
        final TypeCode type = TypeCode.of(typecode);
        type.requireInteger();
        type.checkedValue(initial);
        return new SharedLong(new SharedLongArray(
            createSegment(name, type, options, a -> Mem.storeLong(a, type.size(), initial, Mem.PLAIN))));
    }

    /**
     * Open an existing integer value.
     *
     * @param name the segment name.
     * @return the value.
     * @throws java.io.UncheckedIOException if there is no such segment.
     * @throws SegmentFormatException       if it is not a shmkit value of an integer typecode.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedLong open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open an existing integer value.
     *
     * @param name    the segment name.
     * @param options root directory and open timeout.
     * @return the value.
     * @throws java.io.UncheckedIOException if there is no such segment.
     * @throws SegmentFormatException       if it is not a shmkit value of an integer typecode.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedLong open(final String name, final ShmOptions options)
    {
        return new SharedLong(new SharedLongArray(openSegment(name, false, options)));
    }

    // DELIBERATE REPEATS: the accessors below mirror SharedDouble's one for one. A long and a double cannot share a
    // signature without boxing, so each delegates to element 0 of its typed array: no allocation, one check.

    /**
     * Read with volatile memory effects (Python's {@code v.value}).
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public long get()
    {
        return a.get(0);
    }

    /**
     * Read with acquire memory effects.
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public long getAcquire()
    {
        return a.getAcquire(0);
    }

    /**
     * Read with opaque memory effects.
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public long getOpaque()
    {
        return a.getOpaque(0);
    }

    /**
     * Read with plain memory effects.
     *
     * @return the value.
     * @throws IllegalStateException if closed.
     */
    public long getPlain()
    {
        return a.getPlain(0);
    }

    /**
     * Write with volatile memory effects.
     *
     * @param value new value, in the typecode's range.
     * @throws IllegalArgumentException if out of range.
     * @throws IllegalStateException    if closed.
     */
    public void set(final long value)
    {
        a.set(0, value);
    }

    /**
     * Write with release memory effects.
     *
     * @param value new value, in the typecode's range.
     * @throws IllegalArgumentException if out of range.
     * @throws IllegalStateException    if closed.
     */
    public void setRelease(final long value)
    {
        a.setRelease(0, value);
    }

    /**
     * Write with opaque memory effects.
     *
     * @param value new value, in the typecode's range.
     * @throws IllegalArgumentException if out of range.
     * @throws IllegalStateException    if closed.
     */
    public void setOpaque(final long value)
    {
        a.setOpaque(0, value);
    }

    /**
     * Write with plain memory effects.
     *
     * @param value new value, in the typecode's range.
     * @throws IllegalArgumentException if out of range.
     * @throws IllegalStateException    if closed.
     */
    public void setPlain(final long value)
    {
        a.setPlain(0, value);
    }

    /**
     * Atomically set to {@code update} if the value equals {@code expect} (volatile).
     *
     * @param expect expected value.
     * @param update new value, in range.
     * @return true if set.
     * @throws IllegalArgumentException if {@code update} is out of range.
     * @throws IllegalStateException    if closed.
     */
    public boolean compareAndSet(final long expect, final long update)
    {
        return a.compareAndSet(0, expect, update);
    }

    /**
     * Atomically set and return the previous value (volatile).
     *
     * @param value new value, in range.
     * @return the previous value.
     * @throws IllegalArgumentException if out of range.
     * @throws IllegalStateException    if closed.
     */
    public long getAndSet(final long value)
    {
        return a.getAndSet(0, value);
    }

    /**
     * Atomically add and return the previous value (volatile).
     *
     * @param delta amount to add.
     * @return the previous value.
     * @throws IllegalArgumentException if the sum leaves a narrow typecode's range; nothing is stored.
     * @throws IllegalStateException    if closed.
     */
    public long getAndAdd(final long delta)
    {
        return a.getAndAdd(0, delta);
    }

    /**
     * Atomically add and return the new value (volatile).
     *
     * @param delta amount to add.
     * @return the new value.
     * @throws IllegalArgumentException if the sum leaves a narrow typecode's range; nothing is stored.
     * @throws IllegalStateException    if closed.
     */
    public long addAndGet(final long delta)
    {
        return a.addAndGet(0, delta);
    }

    /**
     * Atomically increment and return the new value (volatile).
     *
     * @return the new value.
     * @throws IllegalArgumentException if the result leaves a narrow typecode's range.
     * @throws IllegalStateException    if closed.
     */
    public long incrementAndGet()
    {
        return a.addAndGet(0, 1);
    }

    /**
     * Atomically decrement and return the new value (volatile).
     *
     * @return the new value.
     * @throws IllegalArgumentException if the result leaves a narrow typecode's range.
     * @throws IllegalStateException    if closed.
     */
    public long decrementAndGet()
    {
        return a.addAndGet(0, -1);
    }

    /**
     * Atomically increment and return the previous value (volatile).
     *
     * @return the previous value.
     * @throws IllegalArgumentException if the result leaves a narrow typecode's range.
     * @throws IllegalStateException    if closed.
     */
    public long getAndIncrement()
    {
        return a.getAndAdd(0, 1);
    }

    /**
     * Atomically decrement and return the previous value (volatile).
     *
     * @return the previous value.
     * @throws IllegalArgumentException if the result leaves a narrow typecode's range.
     * @throws IllegalStateException    if closed.
     */
    public long getAndDecrement()
    {
        return a.getAndAdd(0, -1);
    }

    /**
     * Atomically apply a side-effect-free function and return the previous value (volatile).
     *
     * @param op function, possibly called more than once.
     * @return the previous value.
     * @throws IllegalArgumentException if the result is out of range; nothing is stored.
     * @throws IllegalStateException    if closed.
     */
    public long getAndUpdate(final LongUnaryOperator op)
    {
        return a.getAndUpdate(0, op);
    }

    /**
     * Atomically apply a side-effect-free function and return the new value (volatile).
     *
     * @param op function, possibly called more than once.
     * @return the new value.
     * @throws IllegalArgumentException if the result is out of range; nothing is stored.
     * @throws IllegalStateException    if closed.
     */
    public long updateAndGet(final LongUnaryOperator op)
    {
        return a.updateAndGet(0, op);
    }
}
