package io.shmkit;

import java.util.Objects;
import java.util.function.LongUnaryOperator;

import io.shmkit.internal.mem.IntegerCopyKernels;
import io.shmkit.internal.mem.IntegerKernels;
import io.shmkit.internal.mem.IntegerMinMaxKernels;
import io.shmkit.internal.mem.IntegerTransformKernels;
import io.shmkit.internal.segment.Segment;
import io.shmkit.segment.TypeCode;

/**
 * The bulk methods of {@link SharedLongArray} (copies, fill, negate, transform, sum, min, max): each runs its range
 * stripe by stripe under the stripe locks ({@link SharedArrayRuns}: one bounds check per range) and hands each run
 * to a kernel of {@code io.shmkit.internal.mem}, which picks one small loop per width and signedness. A
 * package-private class: its public methods are {@link SharedLongArray}'s, documented there. The element accessors
 * stay in the final class itself, so that a call reaches the store with no bridge method between.
 *
 * <p><b>Note:</b> thread-safe and process-safe; see {@link SharedArray}.
 */
abstract sealed class SharedLongArrayBulk extends SharedArray permits SharedLongArray
{
    // DELIBERATE REPEATS: the bulk methods mirror SharedDoubleArrayBulk's one for one (long[] and LongUnaryOperator,
    // not double[] and DoubleUnaryOperator: a shared signature would box); each body is a line or two over a kernel.

    /** Whether the typecode is unsigned: its elements are zero-extended. */
    final boolean unsigned;

    SharedLongArrayBulk(final Segment segment)
    {
        super(segment);
        this.unsigned = type.isUnsigned();
    }

    /**
     * Copy {@code count} elements starting at {@code from} into {@code dst[dstOffset...]}, stripe by stripe
     * under the stripe locks.
     *
     * @param from      first element.
     * @param dst       destination.
     * @param dstOffset first index in {@code dst}.
     * @param count     number of elements.
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws IllegalStateException     if closed.
     */
    public void copyTo(final long from, final long[] dst, final int dstOffset, final int count)
    {
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        forEachRun(from, from + count, (a, n, first) ->
            IntegerCopyKernels.copyTo(a, n, size, unsigned, dst, dstOffset + (int)(first - from)));
    }

    /**
     * Copy {@code count} values from {@code src[srcOffset...]} into the array starting at element {@code to},
     * stripe by stripe under the stripe locks. Every value is range-checked first, so a rejected value leaves
     * the array unchanged.
     *
     * @param src       source.
     * @param srcOffset first index in {@code src}.
     * @param to        first element to write.
     * @param count     number of elements.
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws IllegalArgumentException  if a value is outside the typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public void copyFrom(final long[] src, final int srcOffset, final long to, final int count)
    {
        Objects.checkFromIndexSize(srcOffset, count, src.length);
        checkRange(to, to + (long)count);
        IntegerCopyKernels.checkValues(type, src, srcOffset, count);
        forEachRun(to, to + (long)count, (a, n, first) ->
            IntegerCopyKernels.copyFrom(src, srcOffset + (int)(first - to), a, n, size));
    }

    /**
     * A copy of the whole array, under the stripe locks stripe by stripe.
     *
     * @return a new {@code long[]}.
     * @throws IllegalStateException if closed, or longer than a Java array can be.
     */
    public long[] toArray()
    {
        final long[] out = new long[javaArrayLength()];
        copyTo(0, out, 0, out.length);
        return out;
    }

    /**
     * Set every element to {@code value}, under the stripe locks.
     *
     * @param value the value.
     * @throws IllegalArgumentException if {@code value} is outside the typecode's range.
     * @throws IllegalStateException    if closed.
     */
    public void fill(final long value)
    {
        fill(0, length, value);
    }

    /**
     * Set elements {@code from} (inclusive) to {@code to} (exclusive) to {@code value}, under the stripe locks.
     *
     * @param from  first element.
     * @param to    one past the last element.
     * @param value the value.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalArgumentException  if {@code value} is outside the typecode's range.
     * @throws IllegalStateException     if closed.
     */
    public void fill(final long from, final long to, final long value)
    {
        checkRange(from, to);
        final long v = type.checkedValue(value);
        forEachRun(from, to, (a, n, first) -> IntegerKernels.fill(a, n, size, v));
    }

    /**
     * Negate every element in place (C's unary minus in the element's width; see the class comment), under
     * the stripe locks.
     *
     * @throws IllegalStateException if closed.
     */
    public void negate()
    {
        negate(0, length);
    }

    /**
     * Negate elements {@code from} (inclusive) to {@code to} (exclusive) in place, wrapping in the element's
     * width, under the stripe locks.
     *
     * @param from first element.
     * @param to   one past the last element.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalStateException     if closed.
     */
    public void negate(final long from, final long to)
    {
        forEachRun(from, to, (a, n, first) -> IntegerKernels.negate(a, n, size));
    }

    /**
     * Replace every element {@code x} with {@code op(x)}, under the stripe locks. {@code op} runs while a stripe
     * lock is held: it must not take other shmkit locks (nor this array's). If it throws, the elements before the
     * one it threw on are transformed, that one and those after it are not, and the exception propagates.
     *
     * @param op the operation.
     * @throws IllegalArgumentException if a result is outside the typecode's range; the elements before it are
     *                                  transformed, it and those after it are not.
     * @throws IllegalStateException    if closed.
     */
    public void transform(final LongUnaryOperator op)
    {
        transform(0, length, op);
    }

    /**
     * Replace elements {@code from} (inclusive) to {@code to} (exclusive) with {@code op(x)}, in ascending
     * order, under the stripe locks.
     *
     * @param from first element.
     * @param to   one past the last element.
     * @param op   the operation.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalArgumentException  if a result is outside the typecode's range; the elements before it
     *                                   are transformed, it and those after it are not.
     * @throws IllegalStateException     if closed.
     */
    public void transform(final long from, final long to, final LongUnaryOperator op)
    {
        forEachRun(from, to, (a, n, first) -> IntegerTransformKernels.transform(a, n, type, op));
    }

    /**
     * The sum of all elements modulo 2<sup>64</sup> (for {@code 'Q'} and {@code 'L'}: the unsigned sum's
     * bits), under the stripe locks stripe by stripe.
     *
     * @return the sum.
     * @throws IllegalStateException if closed.
     */
    public long sum()
    {
        return sum(0, length);
    }

    /**
     * The sum of elements {@code from} (inclusive) to {@code to} (exclusive) modulo 2<sup>64</sup>.
     *
     * @param from first element.
     * @param to   one past the last element.
     * @return the sum; 0 for an empty range.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalStateException     if closed.
     */
    public long sum(final long from, final long to)
    {
        final long[] acc = {0};
        forEachRun(from, to, (a, n, first) -> acc[0] += IntegerKernels.sum(a, n, size, unsigned));
        return acc[0];
    }

    /**
     * The smallest element (unsigned order for the unsigned typecodes), under the stripe locks stripe by stripe.
     *
     * @return the minimum, or the typecode's {@link TypeCode#maxValue()} for an empty array.
     * @throws IllegalStateException if closed.
     */
    public long min()
    {
        final long[] acc = {type.maxValue()};
        forEachRun(0, length, (a, n, first) -> acc[0] = IntegerMinMaxKernels.min(a, n, size, unsigned, acc[0]));
        return acc[0];
    }

    /**
     * The largest element (unsigned order for the unsigned typecodes), under the stripe locks stripe by stripe.
     *
     * @return the maximum, or the typecode's {@link TypeCode#minValue()} for an empty array.
     * @throws IllegalStateException if closed.
     */
    public long max()
    {
        final long[] acc = {type.minValue()};
        forEachRun(0, length, (a, n, first) -> acc[0] = IntegerMinMaxKernels.max(a, n, size, unsigned, acc[0]));
        return acc[0];
    }
}
